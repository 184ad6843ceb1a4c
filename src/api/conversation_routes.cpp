#include "api/conversation_routes.hpp"

#include <boost/asio/post.hpp>
#include <boost/asio/thread_pool.hpp>

#include "api/idempotency.hpp"
#include "core/json.hpp"
#include "core/log.hpp"
#include "core/metrics.hpp"
#include "http/pipeline.hpp"
#include "http/sse.hpp"

namespace finchat::api {

namespace {

using http::Request;
using http::Response;

struct State {
  ConversationDeps deps;
  boost::asio::thread_pool generators;
  explicit State(ConversationDeps d) : deps(std::move(d)), generators(deps.generation_threads) {}
};

metrics::Gauge& chat_in_flight() {
  static auto& g =
      metrics::registry().gauge("finchat_chat_in_flight", "Chat answers being generated").get();
  return g;
}

const std::string& user_of(const Request& r) { return r.principal->subject; }

nlohmann::json answer_meta(const chat::SkillResult& a) {
  nlohmann::json meta = {{"facts", chat::facts_json(a.facts)},
                         {"citations", chat::citations_json(a.citations)},
                         {"card", a.card},
                         {"suggestions", a.suggestions}};
  if (!a.disclaimer.empty()) meta["disclaimer"] = a.disclaimer;
  if (a.escalation) meta["escalation"] = *a.escalation;
  return meta;
}

std::string title_from(const std::string& text) {
  std::string t = text.substr(0, 60);
  if (text.size() > 60) t += "…";
  return t;
}

Response create(State& s, Request& req) {
  std::optional<std::string> title;
  if (!req.body.empty()) {
    auto body = http::parse_json_body(req);
    if (!body) return Response::from_error(body.error());
    auto st =
        json::ObjectReader(*body).field("title", title, json::StringRule{0, 200, {}}).finish();
    if (!st) return Response::from_error(st.error());
  }
  auto c = s.deps.store->create(user_of(req), title.value_or(""));
  if (!c) return Response::from_error(c.error());
  Response r = Response::json(201, chat::to_json(*c));
  r.set_header("Location", "/v1/conversations/" + c->id);
  return r;
}

Response list(State& s, Request& req) {
  auto items = s.deps.store->list(user_of(req));
  if (!items) return Response::from_error(items.error());
  nlohmann::json out = nlohmann::json::array();
  for (const auto& c : *items) out.push_back(chat::to_json(c));
  return Response::json(200, {{"items", out}});
}

Response read(State& s, Request& req) {
  auto c = s.deps.store->get(user_of(req), req.param("id"));
  if (!c) return Response::from_error(c.error());
  auto msgs = s.deps.store->messages(*c);
  if (!msgs) return Response::from_error(msgs.error());
  nlohmann::json body = chat::to_json(*c);
  body["messages"] = nlohmann::json::array();
  for (const auto& m : *msgs) body["messages"].push_back(chat::to_json(m));
  return Response::json(200, body);
}

Response erase(State& s, Request& req) {
  auto st = s.deps.store->remove(user_of(req), req.param("id"));
  if (!st) return Response::from_error(st.error());
  return Response::no_content();
}

Response feedback(State& s, Request& req) {
  auto body = http::parse_json_body(req);
  if (!body) return Response::from_error(body.error());
  std::string rating;
  std::optional<std::string> reason;
  auto st = json::ObjectReader(*body)
                .field("rating", rating, true, json::StringRule{2, 4, {"up", "down"}})
                .field("reason", reason, json::StringRule{0, 1000, {}})
                .finish();
  if (!st) return Response::from_error(st.error());
  auto saved = s.deps.store->feedback(user_of(req), req.param("id"), req.param("mid"), rating,
                                      reason.value_or(""));
  if (!saved) return Response::from_error(saved.error());
  return Response::no_content();
}

// What an earlier attempt with the same Idempotency-Key left behind (its replica died before
// the key was marked done): the user message, and the answer when there is one.
struct EarlierAttempt {
  bool user_stored = false;
  std::optional<chat::Message> answer;
};

Result<EarlierAttempt> earlier_attempt(State& s, const chat::Conversation& conv,
                                       const std::string& key) {
  EarlierAttempt out;
  if (key.empty()) return out;
  auto msgs = s.deps.store->messages(conv);
  if (!msgs) return msgs.error();
  for (const auto& m : *msgs) {
    if (out.user_stored && m.role == "assistant") {
      out.answer = m;
      break;
    }
    if (m.role == "user" && m.meta.is_object() && m.meta.value("idempotency_key", "") == key)
      out.user_stored = true;
  }
  return out;
}

// Runs one turn; emits events through `emit` (token, facts, citations, ...). Returns the
// stored assistant message. With an Idempotency-Key the user message carries the key, so a
// retry after a lost replica neither stores it twice nor answers it twice.
Result<chat::Message> run_turn(
    State& s, chat::Conversation conv, const std::string& role, const std::string& text,
    const std::string& idempotency_key,
    const std::function<bool(std::string_view, const nlohmann::json&)>& emit) {
  auto earlier = earlier_attempt(s, conv, idempotency_key);
  if (!earlier) return earlier.error();
  if (earlier->answer) return *earlier->answer;
  if (conv.title == "New conversation") {
    (void)s.deps.store->rename(conv, title_from(text));
    conv.title = title_from(text);
  }
  nlohmann::json user_meta = nlohmann::json::object();
  if (!idempotency_key.empty()) user_meta["idempotency_key"] = idempotency_key;
  if (!earlier->user_stored) {
    auto user_msg = s.deps.store->append(conv, "user", text, user_meta, "");
    if (!user_msg) return user_msg.error();
  }
  chat::Turn turn{conv.user_id, role, conv.id, text, conv.state, "", nlohmann::json::object()};
  auto answer = s.deps.engine->respond(turn, [&](std::string_view tok) {
    return emit("token", {{"text", tok}});
  });
  if (!answer) return answer.error();
  const auto& a = *answer;
  emit("facts", {{"facts", chat::facts_json(a.facts)}, {"card", a.card}});
  emit("citations", {{"citations", chat::citations_json(a.citations)}});
  if (!a.suggestions.empty()) emit("suggestions", {{"items", a.suggestions}});
  if (a.escalation) emit("escalation", *a.escalation);
  if (!a.disclaimer.empty()) emit("disclaimer", {{"text", a.disclaimer}});
  conv.state = turn.state;
  if (auto st = s.deps.store->save_state(conv); !st) return st.error();
  return s.deps.store->append(conv, "assistant", a.text, answer_meta(a), a.skill);
}

nlohmann::json turn_json(const chat::Message& msg) {
  return {{"message", chat::to_json(msg)},
          {"facts", msg.meta.value("facts", nlohmann::json())},
          {"citations", msg.meta.value("citations", nlohmann::json())},
          {"suggestions", msg.meta.value("suggestions", nlohmann::json())},
          {"escalation", msg.meta.value("escalation", nlohmann::json())}};
}

Response post_message(const std::shared_ptr<State>& s, Request& req) {
  auto body = http::parse_json_body(req);
  if (!body) return Response::from_error(body.error());
  std::string content;
  auto st = json::ObjectReader(*body)
                .field("content", content, true, json::StringRule{1, 4000, {}})
                .finish();
  if (!st) return Response::from_error(st.error());
  auto conv = s->deps.store->get(user_of(req), req.param("id"));
  if (!conv) return Response::from_error(conv.error());
  std::string role = req.principal->role;
  std::string key;
  if (auto parsed = parse_idempotency_key(req.header("Idempotency-Key")); parsed) key = *parsed;

  if (!req.accepts_event_stream()) {
    nlohmann::json events = nlohmann::json::object();
    chat_in_flight().inc();
    auto msg = run_turn(*s, *conv, role, content, key,
                        [&](std::string_view name, const nlohmann::json& d) {
                          if (name != "token") events[std::string(name)] = d;
                          return true;
                        });
    chat_in_flight().dec();
    if (!msg) return Response::from_error(msg.error());
    return Response::json(200, turn_json(*msg));
  }

  auto sse = std::make_shared<http::SseStream>();
  std::string request_id = req.request_id;
  // The stream outlives this handler: the generator records the key's answer (the JSON
  // form, which is what a retry gets) when the turn is stored.
  auto pending = adopt_idempotency();
  chat_in_flight().inc();
  boost::asio::post(s->generators, [s, sse, conv = *conv, role, content, request_id, key, pending] {
    log::RequestScope scope(request_id);
    auto msg = run_turn(
        *s, conv, role, content, key,
        [&](std::string_view name, const nlohmann::json& d) { return sse->send(name, d); });
    if (pending) {
      if (msg) {
        pending->complete(Response::json(200, turn_json(*msg)));
      } else {
        pending->abandon();
      }
    }
    if (msg) {
      sse->send("done", {{"message_id", msg->id}});
    } else {
      int status = http_status(msg.error().kind);
      sse->send("error",
                {{"type", "about:blank"},
                 {"title", http::reason_phrase(status)},
                 {"status", status},
                 {"detail", msg.error().kind == ErrorKind::internal ? "internal error"
                                                                    : msg.error().message}});
    }
    sse->close();
    chat_in_flight().dec();
  });
  return Response::stream(sse);
}

}  // namespace

void register_conversation_routes(http::Router& router, ConversationDeps deps) {
  auto s = std::make_shared<State>(std::move(deps));
  chat_in_flight().set(0);  // exported from the start: the autoscaler reads it
  auto users = http::Policy::signed_in("chat").with_scopes({"chat:write"});
  router.add("POST", "/v1/conversations", users,
             idempotent([s](Request& r) { return create(*s, r); }));
  router.add("GET", "/v1/conversations", users, [s](Request& r) { return list(*s, r); });
  router.add("GET", "/v1/conversations/{id}", users, [s](Request& r) { return read(*s, r); });
  router.add("DELETE", "/v1/conversations/{id}", users, [s](Request& r) { return erase(*s, r); });
  router.add("POST", "/v1/conversations/{id}/messages", users,
             idempotent([s](Request& r) { return post_message(s, r); }));
  router.add("POST", "/v1/conversations/{id}/messages/{mid}/feedback", users,
             [s](Request& r) { return feedback(*s, r); });
}

}  // namespace finchat::api
