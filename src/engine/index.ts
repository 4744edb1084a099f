// The engine's public surface: the network file, the steppable trainer and what reads it.
// Everything here runs in plain Node or a browser; nothing imports VS Code.

export * from './activations';
export * from './data';
export * from './diagnostics';
export * from './gradcheck';
export * from './history';
export * from './losses';
export * from './matrix';
export * from './network';
export * from './parse';
export * from './rng';
export * from './source';
export * from './spec';
export * from './trace';
export * from './trainer';
