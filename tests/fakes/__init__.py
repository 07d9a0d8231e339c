"""Fakes of the platforms our bot talks to, served over loopback HTTP."""
