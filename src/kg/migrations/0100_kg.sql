-- Knowledge graph (src/kg): typed nodes and edges. JSON columns hold text-encoded JSON.
CREATE TABLE IF NOT EXISTS kg_nodes (
  id TEXT PRIMARY KEY,
  type TEXT NOT NULL,
  name TEXT NOT NULL,
  aliases TEXT NOT NULL DEFAULT '[]',
  properties TEXT NOT NULL DEFAULT '{}',
  updated_at BIGINT NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS kg_nodes_type ON kg_nodes (type);

CREATE TABLE IF NOT EXISTS kg_edges (
  from_id TEXT NOT NULL,
  type TEXT NOT NULL,
  to_id TEXT NOT NULL,
  properties TEXT NOT NULL DEFAULT '{}',
  source TEXT NOT NULL DEFAULT '',
  as_of TEXT NOT NULL DEFAULT '',
  updated_at BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (from_id, type, to_id)
);
CREATE INDEX IF NOT EXISTS kg_edges_to ON kg_edges (to_id, type);
