-- Sign-in throttling kept in the database, so that every app instance on it counts the
-- same attempts (issue 22; before, each process counted in memory and forgot at a
-- restart). Operational state, not the record: no history, and rows go when their
-- window has passed (runtime::throttle prunes at every attempt). Accounts and networks
-- are stored as SHA-256 digests, never as the address typed or the client's IP address.
CREATE TABLE sign_in_attempt (
    id      INTEGER PRIMARY KEY,
    account TEXT    NOT NULL CHECK (length(account) = 64),
    network TEXT    NOT NULL CHECK (length(network) = 64),
    -- Milliseconds since 1970 (UTC), when the attempt began.
    at_ms   INTEGER NOT NULL
) STRICT;

CREATE INDEX sign_in_attempt_by_pair ON sign_in_attempt (account, network, at_ms);
CREATE INDEX sign_in_attempt_by_network ON sign_in_attempt (network, at_ms);
CREATE INDEX sign_in_attempt_by_time ON sign_in_attempt (at_ms);

-- Where an account signed in, and when last: attempts from there are not limited by the
-- account's daily limit for new networks, and the pair's attempts before it are forgiven.
CREATE TABLE sign_in_network (
    account TEXT    NOT NULL CHECK (length(account) = 64),
    network TEXT    NOT NULL CHECK (length(network) = 64),
    at_ms   INTEGER NOT NULL,
    PRIMARY KEY (account, network)
) STRICT;

CREATE INDEX sign_in_network_by_time ON sign_in_network (at_ms);
