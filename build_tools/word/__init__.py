"""The bridge to Word: review copies out of the repository (and, later, contributions in)."""
