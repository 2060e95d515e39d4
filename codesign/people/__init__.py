"""People, households and roles: records, services, queries, CSV import and personal export."""
