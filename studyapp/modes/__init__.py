"""The logic of the study modes (learn, test, matching, spaced), with no user interface in it."""
