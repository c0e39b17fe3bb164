"""Cogs: one concern each."""
