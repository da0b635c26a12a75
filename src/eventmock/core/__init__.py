"""Shared mechanics every emulated service stands on.

Nothing here knows a particular service: interception (``intercept``), activation
(``activation``), the state store (``store``), model-driven dispatch (``registry``)
and output shaping (``shapes``), errors, the clock, ids, ARNs and pagination.
"""
