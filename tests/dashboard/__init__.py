"""Tests of the dashboard: pages in AppTest, and the real server in a browser."""
