"""Mastery analytics: figures computed from the review log and the answers, with no UI."""
