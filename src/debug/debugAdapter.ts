// The standalone debug adapter entry: DAP over stdin/stdout (bundled to dist/debugAdapter.js), for
// tests and for running the adapter outside the extension host. The extension runs the same
// BackpropDebugSession inline. Imports only @vscode/debugadapter and the session.

import { DebugSession } from '@vscode/debugadapter';
import { BackpropDebugSession } from './session';

DebugSession.run(BackpropDebugSession);
