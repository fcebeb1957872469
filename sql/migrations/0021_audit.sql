-- Every change a regulator, an admin or an insurer's handler made through
-- the server: who (the account or key's name and role), when, what (the
-- method, the path and the route's name) and the answer's status. Kept
-- for the desk's audit page and its CSV; personal data never enters a
-- path, so none is here.
CREATE TABLE audit_log (
    id         bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    actor_role text NOT NULL CHECK (actor_role IN ('regulator', 'admin', 'insurer')),
    actor      text NOT NULL,
    method     text NOT NULL,
    path       text NOT NULL,
    route      text NOT NULL,
    status     integer NOT NULL
);
CREATE INDEX audit_log_actor ON audit_log (actor, id);
