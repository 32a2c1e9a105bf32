-- The stores whose live fleet each console sign-in opened: its logout closes those sockets at once (the store's
-- object holds them, and only it can close them).
CREATE TABLE admin_session_stores (
  session_id TEXT NOT NULL,
  location_id TEXT NOT NULL,
  expires_at INTEGER NOT NULL,
  PRIMARY KEY (session_id, location_id)
);
CREATE INDEX admin_session_stores_by_expiry ON admin_session_stores (expires_at);
