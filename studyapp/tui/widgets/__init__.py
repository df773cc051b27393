"""Reusable widgets and the drawing helpers they share; none touches the collection or the store."""
