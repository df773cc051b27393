"""Demos of learning rates and their schedules."""
