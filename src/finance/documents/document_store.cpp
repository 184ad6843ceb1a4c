#include "finance/documents/document_store.hpp"

#include "core/ids.hpp"

namespace finchat::documents {

namespace {
std::string ctx(const char* column, const std::string& id) {
  return std::string(column) + ":" + id;
}
const char* kColumns =
    "id, owner_id, title_enc, format, size_bytes, status, sections_done, sections_total, "
    "created_at, updated_at";
}  // namespace

DocumentStore::DocumentStore(std::shared_ptr<store::Database> db,
                             std::shared_ptr<store::FieldCipher> cipher, const Clock& clock)
    : db_(std::move(db)), cipher_(std::move(cipher)), clock_(clock) {}

Result<StoredDocument> DocumentStore::create(const std::string& owner, const std::string& title,
                                             const std::string& format, int64_t size_bytes,
                                             const std::string& text) {
  StoredDocument d;
  d.created_at = d.updated_at = clock_.now_ms();
  d.id = new_uuid_v7(d.created_at);
  d.owner_id = owner;
  d.title = title;
  d.format = format;
  d.size_bytes = size_bytes;
  d.status = "processing";
  d.text = text;
  auto st = db_->exec(
      "INSERT INTO documents (id, owner_id, title_enc, format, size_bytes, status, sections_done, "
      "sections_total, text_enc, analysis_enc, created_at, updated_at) VALUES ($1, $2, $3, $4, "
      "$5, $6, 0, 0, $7, $8, $9, $9)",
      {d.id, owner, cipher_->seal(title, ctx("documents.title", d.id)), format, size_bytes,
       d.status, cipher_->seal(text, ctx("documents.text", d.id)),
       cipher_->seal(d.analysis.dump(), ctx("documents.analysis", d.id)), d.created_at});
  if (!st) return st.error();
  return d;
}

Status DocumentStore::set_progress(const std::string& id, int64_t done, int64_t total,
                                   const std::string& status) {
  auto st = db_->exec(
      "UPDATE documents SET sections_done = $1, sections_total = $2, status = $3, updated_at = $4 "
      "WHERE id = $5",
      {done, total, status, clock_.now_ms(), id});
  if (!st) return st.error();
  return {};
}

Status DocumentStore::set_analysis(const std::string& id, const nlohmann::json& analysis,
                                   const std::string& status) {
  auto st = db_->exec(
      "UPDATE documents SET analysis_enc = $1, status = $2, updated_at = $3 WHERE id = $4",
      {cipher_->seal(analysis.dump(), ctx("documents.analysis", id)), status, clock_.now_ms(), id});
  if (!st) return st.error();
  return {};
}

Result<StoredDocument> DocumentStore::from_row(const store::Row& r, bool with_body) const {
  StoredDocument d;
  d.id = r.str("id");
  d.owner_id = r.str("owner_id");
  auto title = cipher_->open(r.str("title_enc"), ctx("documents.title", d.id));
  if (!title) return title.error();
  d.title = *title;
  d.format = r.str("format");
  d.size_bytes = r.i64("size_bytes");
  d.status = r.str("status");
  d.sections_done = r.i64("sections_done");
  d.sections_total = r.i64("sections_total");
  d.created_at = r.i64("created_at");
  d.updated_at = r.i64("updated_at");
  if (with_body) {
    auto text = cipher_->open(r.str("text_enc"), ctx("documents.text", d.id));
    if (!text) return text.error();
    d.text = *text;
    auto analysis = cipher_->open(r.str("analysis_enc"), ctx("documents.analysis", d.id));
    if (!analysis) return analysis.error();
    d.analysis = nlohmann::json::parse(*analysis, nullptr, false);
    if (d.analysis.is_discarded()) d.analysis = nlohmann::json::object();
  }
  return d;
}

Result<std::vector<StoredDocument>> DocumentStore::list(const std::string& owner, int limit) {
  auto rows = db_->query(std::string("SELECT ") + kColumns +
                             " FROM documents WHERE owner_id = $1 ORDER BY created_at DESC, id "
                             "DESC LIMIT $2",
                         {owner, int64_t(limit)});
  if (!rows) return rows.error();
  std::vector<StoredDocument> out;
  for (const auto& r : *rows) {
    auto d = from_row(r, false);
    if (!d) return d.error();
    out.push_back(std::move(*d));
  }
  return out;
}

Result<StoredDocument> DocumentStore::get(const std::string& owner, const std::string& id) {
  auto row = db_->query_one(std::string("SELECT ") + kColumns +
                                ", text_enc, analysis_enc FROM documents WHERE id = $1 AND "
                                "owner_id = $2",
                            {id, owner});
  if (!row) return row.error();
  if (!row->has_value()) return Error::not_found("document not found");
  return from_row(**row, true);
}

Status DocumentStore::remove(const std::string& owner, const std::string& id) {
  auto n = db_->exec("DELETE FROM documents WHERE id = $1 AND owner_id = $2", {id, owner});
  if (!n) return n.error();
  if (*n == 0) return Error::not_found("document not found");
  return {};
}

nlohmann::json to_json(const StoredDocument& d) {
  return {{"id", d.id},
          {"title", d.title},
          {"format", d.format},
          {"size_bytes", d.size_bytes},
          {"status", d.status},
          {"progress", {{"sections_done", d.sections_done}, {"sections_total", d.sections_total}}},
          {"created_at", format_iso8601(d.created_at)}};
}

}  // namespace finchat::documents
