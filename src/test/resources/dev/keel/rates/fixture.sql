--
-- A small rates dump in pg_dump order (ports and prices before the regions they need),
-- with a tree two levels deep under each root, for tests.
--
SET client_encoding = 'UTF8';

CREATE TABLE ports (
    code text NOT NULL,
    name text NOT NULL,
    parent_slug text NOT NULL
);

COPY ports (code, name, parent_slug) FROM stdin;
PA000	Port A root	root_a
PA100	Port A one	a1
PA110	Port A one x	a1x
PB000	Port B root	root_b
PB100	Port B one	b1
PB110	Måløy \\ B	b1x
\.

COPY prices (orig_code, dest_code, day, price) FROM stdin;
PA110	PB110	2020-03-01	100
PA110	PB110	2020-03-01	200
PA100	PB110	2020-03-01	301
PA000	PB000	2020-03-01	1000
PA110	PB110	2020-03-02	1
PA110	PB110	2020-03-02	2
PB110	PA110	2020-03-04	500
PA110	PB110	2020-03-06	999
\.

COPY regions (slug, name, parent_slug) FROM stdin;
a1x	A one x	a1
b1x	B one x	b1
a1	A one	root_a
b1	B one	root_b
root_a	Root A	\N
empty_r	Empty region	root_a
root_b	Root B	\N
\.

ALTER TABLE ONLY ports
    ADD CONSTRAINT ports_pkey PRIMARY KEY (code);

-- Trailing statements, as the public dataset has them
DELETE FROM prices WHERE day = date'2020-03-06';
INSERT INTO prices VALUES ('PA110', 'PB100', date'2020-03-05', 10);
