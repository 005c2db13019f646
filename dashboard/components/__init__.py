"""Reusable widgets and figures; pages only arrange them."""
