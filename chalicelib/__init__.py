"""Sahkar Setu: everything Chalice ships to Lambda."""
