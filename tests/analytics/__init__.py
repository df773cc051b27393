"""Tests of the analytics figures."""
