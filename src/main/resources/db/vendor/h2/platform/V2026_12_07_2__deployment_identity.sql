-- The deployment's identity (see V2026_12_07_1); PostgreSQL has its own function for it.
INSERT INTO keel_deployment (singleton, id) VALUES (1, CAST(RANDOM_UUID() AS VARCHAR(36)));
