#include "api/document_routes.hpp"

#include "api/document_rewrite.hpp"
#include "api/idempotency.hpp"
#include "core/crypto.hpp"
#include "core/json.hpp"
#include "http/pipeline.hpp"

namespace finchat::api {

namespace {

using documents::DocumentService;
using documents::Format;
using http::Policy;
using http::Request;
using http::Response;

const std::string& owner(const Request& r) { return r.principal->subject; }

struct Upload {
  std::string title;
  Format format = Format::text;
  std::string bytes;
};

// JSON uploads: {"title", "content_type", "content_base64"} or {"title", "text"}.
Result<Upload> json_upload(const Request& r) {
  auto body = http::parse_json_body(r);
  if (!body) return body.error();
  Upload u;
  std::optional<std::string> content_type, b64, text;
  auto st = json::ObjectReader(*body)
                .field("title", u.title, true, {1, 200, {}})
                .field("content_type", content_type, {1, 100, {}})
                .field("content_base64", b64, {1, 100'000'000, {}})
                .field("text", text, {1, 100'000'000, {}})
                .finish();
  if (!st) return st.error();
  if (b64.has_value() == text.has_value()) {
    return Error::invalid("give exactly one of content_base64 and text", "content_base64");
  }
  if (text) {
    u.bytes = std::move(*text);
    if (content_type) {
      auto f = documents::format_from_content_type(*content_type);
      if (!f || *f == Format::pdf)
        return Error::invalid("text needs a text content_type", "content_type");
      u.format = *f;
    }
    return u;
  }
  if (!content_type)
    return Error::invalid("content_type is required with content_base64", "content_type");
  auto f = documents::format_from_content_type(*content_type);
  if (!f) return Error::invalid("unsupported content_type '" + *content_type + "'", "content_type");
  u.format = *f;
  auto decoded = crypto::base64_decode(*b64);
  if (!decoded) return Error::invalid("content_base64 is not valid base64", "content_base64");
  u.bytes = std::move(*decoded);
  return u;
}

Result<Upload> raw_upload(const Request& r, Format format) {
  Upload u{r.query_or("title"), format, r.body};
  if (u.title.empty()) u.title = "Untitled document";
  if (u.title.size() > 200) return Error::invalid("title is longer than 200 characters", "title");
  if (r.body.empty()) return Error::invalid("empty body", "body");
  return u;
}

Response create(const std::shared_ptr<DocumentService>& s, Request& r) {
  if (r.body.size() > s->options().max_bytes * 4 / 3 + 4096) {
    return Response::from_error(Error{
        ErrorKind::payload_too_large,
        "document is larger than " + std::to_string(s->options().max_bytes) + " bytes", "body"});
  }
  const std::string type = r.header("content-type");
  Result<Upload> upload = Error::invalid("unsupported", "content-type");
  if (type.rfind("application/json", 0) == 0) {
    upload = json_upload(r);
  } else if (auto f = documents::format_from_content_type(type)) {
    upload = raw_upload(r, *f);
  } else {
    return Response::from_error(Error::invalid(
        "content type must be text/plain, text/markdown, text/html, application/pdf or "
        "application/json",
        "content-type"));
  }
  if (!upload) return Response::from_error(upload.error());
  auto doc = s->upload(owner(r), upload->title, upload->format, upload->bytes);
  if (!doc) return Response::from_error(doc.error());
  auto out = documents::to_json(*doc);
  out["sections"] = doc->analysis.value("sections", nlohmann::json::array());
  Response res = Response::json(201, out);
  res.set_header("Location", "/v1/documents/" + doc->id);
  return res;
}

Response list(const std::shared_ptr<DocumentService>& s, Request& r) {
  auto docs = s->store().list(owner(r));
  if (!docs) return Response::from_error(docs.error());
  nlohmann::json items = nlohmann::json::array();
  for (const auto& d : *docs) items.push_back(documents::to_json(d));
  return Response::json(200, {{"items", items}});
}

Response get(const std::shared_ptr<DocumentService>& s, Request& r) {
  auto doc = s->store().get(owner(r), r.param("id"));
  if (!doc) return Response::from_error(doc.error());
  auto out = documents::to_json(*doc);
  out["sections"] = doc->analysis.value("sections", nlohmann::json::array());
  out["characters"] = doc->text.size();
  return Response::json(200, out);
}

Response summary(const std::shared_ptr<DocumentService>& s, chat::Realizer* realizer, Request& r) {
  auto length = documents::summary_sentences(r.query_or("length", "medium"));
  if (!length) return Response::from_error(length.error());
  const std::string rewrite = r.query_or("rewrite", "none");
  if (rewrite != "none" && rewrite != "model") {
    return Response::from_error(Error::invalid("rewrite must be none or model", "rewrite"));
  }
  auto doc = s->store().get(owner(r), r.param("id"));
  if (!doc) return Response::from_error(doc.error());
  const std::string company = r.query_or("company", "");
  if (company.size() > 120) {
    return Response::from_error(Error::invalid("company is longer than 120 characters", "company"));
  }
  auto out = s->summary(*doc, r.query_or("length", "medium"), company);
  if (!out) return Response::from_error(out.error());
  if (rewrite == "model") (*out)["rewrite"] = rewrite_summary(*out, realizer, owner(r));
  return Response::json(200, *out);
}

Response remove(const std::shared_ptr<DocumentService>& s, Request& r) {
  if (auto st = s->store().remove(owner(r), r.param("id")); !st) {
    return Response::from_error(st.error());
  }
  return Response::no_content();
}

}  // namespace

void register_document_routes(http::Router& router,
                              const std::shared_ptr<documents::DocumentService>& service,
                              const std::shared_ptr<chat::Realizer>& realizer) {
  auto bind = [service](Response (*fn)(const std::shared_ptr<DocumentService>&, Request&)) {
    return [service, fn](Request& r) { return fn(service, r); };
  };
  const auto owners = Policy::roles_any({"analyst", "customer"});
  router.add("POST", "/v1/documents", owners, idempotent(bind(create)));
  router.add("GET", "/v1/documents", owners, bind(list));
  router.add("GET", "/v1/documents/{id}", owners, bind(get));
  router.add("GET", "/v1/documents/{id}/summary", owners,
             [service, realizer](Request& r) { return summary(service, realizer.get(), r); });
  router.add("DELETE", "/v1/documents/{id}", owners, bind(remove));
}

}  // namespace finchat::api
