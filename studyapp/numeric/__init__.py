"""Numeric cards: question templates whose parameters are drawn afresh and whose answer the app
computes (registered calculators, drawing, number formatting and numeric grading)."""
