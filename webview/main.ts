// The inspector webview's entry; filled in by the webview module.
