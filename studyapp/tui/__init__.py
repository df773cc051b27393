"""The Textual face of studyapp: screens over the collection and the study-mode logic."""
