"""The project library: capstones that reached Results (or were offered early and approved),
browsable and searchable by their program, and by other programs when a director shares it;
and the "similar projects" a new capstone's page shows before its charter is approved."""
