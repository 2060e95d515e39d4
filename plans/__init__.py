"""Plan geometry and plan files (shapely features, measurements, rules). No Qt, no database."""
