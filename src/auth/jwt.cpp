#include "auth/jwt.hpp"

#include <nlohmann/json.hpp>

namespace finchat::auth {

namespace {

using nlohmann::json;

Error bad(std::string why) { return Error::unauthenticated("invalid token: " + std::move(why)); }

bool is_b64url_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

struct Segments {
  std::string_view header, payload, signature, signing_input;
};

Result<Segments> split_token(std::string_view token) {
  if (token.empty()) return bad("empty");
  if (token.size() > kMaxTokenBytes) return bad("too long");
  size_t first = token.find('.');
  if (first == std::string_view::npos) return bad("expected three segments");
  size_t second = token.find('.', first + 1);
  if (second == std::string_view::npos || token.find('.', second + 1) != std::string_view::npos) {
    return bad("expected three segments");
  }
  Segments s{token.substr(0, first), token.substr(first + 1, second - first - 1),
             token.substr(second + 1), token.substr(0, second)};
  for (std::string_view seg : {s.header, s.payload, s.signature}) {
    if (seg.empty()) return bad("empty segment");
    for (char c : seg) {
      if (!is_b64url_char(c)) return bad("segment is not base64url");
    }
  }
  return s;
}

Result<json> decode_json_segment(std::string_view seg, const char* what) {
  auto raw = crypto::base64url_decode(seg);
  if (!raw) return bad(std::string(what) + " is not base64url");
  json j = json::parse(*raw, nullptr, /*allow_exceptions=*/false);
  if (!j.is_object()) return bad(std::string(what) + " is not a JSON object");
  return j;
}

Result<std::string> check_header(const json& h) {
  auto alg = h.find("alg");
  if (alg == h.end() || !alg->is_string()) return bad("missing alg");
  // Only EdDSA: "none", HMAC (key confusion) and every other algorithm are refused.
  if (alg->get<std::string>() != "EdDSA") return bad("algorithm not allowed");
  auto typ = h.find("typ");
  if (typ == h.end() || !typ->is_string()) return bad("missing typ");
  const auto& t = typ->get_ref<const std::string&>();
  if (t != "at+jwt" && t != "application/at+jwt") return bad("wrong typ");
  if (h.contains("crit")) return bad("unsupported critical header");
  auto kid = h.find("kid");
  if (kid == h.end() || !kid->is_string()) return bad("missing kid");
  const auto& k = kid->get_ref<const std::string&>();
  if (k.empty() || k.size() > 128) return bad("bad kid");
  return k;
}

bool read_string(const json& p, const char* name, std::string& out, bool required) {
  auto it = p.find(name);
  if (it == p.end()) return !required;
  if (!it->is_string()) return false;
  out = it->get<std::string>();
  return !required || !out.empty();
}

bool read_time(const json& p, const char* name, int64_t& out, bool required) {
  auto it = p.find(name);
  if (it == p.end()) return !required;
  if (!it->is_number_integer()) return false;  // also rejects floats and huge unsigned values
  if (it->is_number_unsigned() && it->get<uint64_t>() > (1ULL << 40)) return false;
  out = it->get<int64_t>();
  return out >= 0;
}

bool audience_matches(const json& p, const std::string& expected, std::string& out) {
  auto it = p.find("aud");
  if (it == p.end()) return false;
  if (it->is_string()) {
    out = it->get<std::string>();
    return out == expected;
  }
  if (!it->is_array()) return false;
  for (const auto& a : *it) {
    if (a.is_string() && a.get<std::string>() == expected) {
      out = expected;
      return true;
    }
  }
  return false;
}

Result<AccessClaims> check_claims(const json& p, const VerifyOptions& o, int64_t now) {
  AccessClaims c;
  if (!read_string(p, "iss", c.iss, true) || c.iss != o.issuer) return bad("wrong issuer");
  if (!audience_matches(p, o.audience, c.aud)) return bad("wrong audience");
  if (!read_time(p, "exp", c.exp, true)) return bad("missing or bad exp");
  if (!read_time(p, "iat", c.iat, true)) return bad("missing or bad iat");
  if (!read_time(p, "nbf", c.nbf, false)) return bad("bad nbf");
  if (now >= c.exp + o.leeway_s) return Error::unauthenticated("token expired");
  if (c.nbf > now + o.leeway_s || c.iat > now + o.leeway_s) {
    return Error::unauthenticated("token not yet valid");
  }
  if (!read_string(p, "sub", c.sub, true)) return bad("missing sub");
  if (!read_string(p, "jti", c.jti, true)) return bad("missing jti");
  if (!read_string(p, "client_id", c.client_id, true)) return bad("missing client_id");
  if (!read_string(p, "scope", c.scope, false)) return bad("bad scope");
  if (!read_string(p, "role", c.role, false)) return bad("bad role");
  if (!read_string(p, "username", c.username, false)) return bad("bad username");
  return c;
}

}  // namespace

std::string sign_access_token(const AccessClaims& c, const std::string& kid,
                              const crypto::Ed25519KeyPair& key) {
  json header = {{"alg", "EdDSA"}, {"typ", "at+jwt"}, {"kid", kid}};
  json payload = {{"iss", c.iss}, {"sub", c.sub}, {"aud", c.aud}, {"exp", c.exp},
                  {"iat", c.iat}, {"nbf", c.nbf}, {"jti", c.jti}, {"client_id", c.client_id}};
  if (!c.scope.empty()) payload["scope"] = c.scope;
  if (!c.role.empty()) payload["role"] = c.role;
  if (!c.username.empty()) payload["username"] = c.username;
  std::string input =
      crypto::base64url_encode(header.dump()) + "." + crypto::base64url_encode(payload.dump());
  std::string sig = crypto::ed25519_sign(key, input);
  return input + "." + crypto::base64url_encode(sig);
}

Result<std::string> parse_token_header(std::string_view token) {
  auto seg = split_token(token);
  if (!seg) return seg.error();
  auto header = decode_json_segment(seg->header, "header");
  if (!header) return header.error();
  return check_header(*header);
}

Result<AccessClaims> verify_access_token(std::string_view token, const KeyResolver& keys,
                                         const VerifyOptions& options, int64_t now_s) {
  auto seg = split_token(token);
  if (!seg) return seg.error();
  auto header = decode_json_segment(seg->header, "header");
  if (!header) return header.error();
  auto kid = check_header(*header);
  if (!kid) return kid.error();
  auto key = keys(*kid);
  if (!key) return bad("unknown key id");
  auto sig = crypto::base64url_decode(seg->signature);
  if (!sig || sig->size() != 64) return bad("bad signature encoding");
  if (!crypto::ed25519_verify(*key, seg->signing_input, *sig)) return bad("signature mismatch");
  // The payload is parsed only once the signature proved it is ours.
  auto payload = decode_json_segment(seg->payload, "payload");
  if (!payload) return payload.error();
  return check_claims(*payload, options, now_s);
}

}  // namespace finchat::auth
