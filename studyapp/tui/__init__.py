"""The Textual face of studyapp, over the collection and the study-mode logic.

``app.py`` holds the app and its factory (the CLI launches it), with ``studyapp.tcss`` its one
stylesheet; ``screens/`` has a module per screen (and its dialogs), each reaching the app
through the typed base in ``screens/base.py``; ``widgets/`` has the reusable widgets and
drawings, which post messages up and never touch the collection or the store.
"""
