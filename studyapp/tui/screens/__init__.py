"""The app's screens and dialogs, one module each; every one reaching the app builds on `base`."""
