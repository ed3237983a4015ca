-- The deployment's identity (see V2026_12_07_1); H2 has its own function for it.
INSERT INTO keel_deployment (singleton, id) VALUES (1, gen_random_uuid()::text);
