#include "store/field_cipher.hpp"

#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "core/crypto.hpp"

namespace finchat::store {

namespace {
constexpr std::string_view kPrefix = "enc:v1:";

std::string kid_for(std::string_view key) { return crypto::sha256_hex(key).substr(0, 12); }

Status write_key_file(const std::string& path, const std::string& contents) {
  std::error_code ec;
  auto parent = std::filesystem::path(path).parent_path();
  if (!parent.empty()) std::filesystem::create_directories(parent, ec);
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    if (!out) return Error::internal("cannot write key file " + path);
    out << contents;
  }
  ::chmod(tmp.c_str(), 0600);
  std::filesystem::rename(tmp, path, ec);
  if (ec) return Error::internal("cannot replace key file " + path + ": " + ec.message());
  return {};
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::not_found("no key file " + path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string new_key_line() {
  auto key = crypto::random_bytes(crypto::kAeadKeyBytes);
  std::string raw(key.begin(), key.end());
  return kid_for(raw) + " " + crypto::base64_encode(raw) + "\n";
}
}  // namespace

Keyring Keyring::single(std::string kid, std::string key) {
  Keyring k;
  k.active_ = kid;
  k.keys_.emplace(std::move(kid), std::move(key));
  return k;
}

Result<Keyring> Keyring::load_or_create(const std::string& path, const std::string& env_key_b64) {
  crypto::init();
  if (!env_key_b64.empty()) {
    auto key = crypto::base64_decode(env_key_b64);
    if (!key || key->size() != crypto::kAeadKeyBytes) {
      return Error::invalid("security.data_key must be 32 bytes, base64-encoded",
                            "security.data_key");
    }
    return single(kid_for(*key), *key);
  }
  auto text = read_file(path);
  if (!text) {
    if (auto st = write_key_file(path, new_key_line()); !st) return st.error();
    text = read_file(path);
    if (!text) return text.error();
  }
  Keyring ring;
  std::istringstream lines(*text);
  std::string line;
  int lineno = 0;
  while (std::getline(lines, line)) {
    ++lineno;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream parts(line);
    std::string kid, b64;
    parts >> kid >> b64;
    auto key = crypto::base64_decode(b64);
    if (kid.empty() || !key || key->size() != crypto::kAeadKeyBytes) {
      return Error::invalid(path + ":" + std::to_string(lineno) + ": malformed data key line");
    }
    ring.keys_[kid] = *key;
    ring.active_ = kid;
  }
  if (ring.keys_.empty()) return Error::invalid(path + ": no data keys");
  return ring;
}

Result<std::string> Keyring::rotate_file(const std::string& path) {
  auto text = read_file(path);
  std::string contents = text ? *text : std::string();
  if (!contents.empty() && contents.back() != '\n') contents += '\n';
  std::string line = new_key_line();
  contents += line;
  if (auto st = write_key_file(path, contents); !st) return st.error();
  return line.substr(0, line.find(' '));
}

const std::string* Keyring::key(std::string_view kid) const {
  auto it = keys_.find(kid);
  return it == keys_.end() ? nullptr : &it->second;
}

std::string FieldCipher::seal(std::string_view plaintext, std::string_view context) const {
  const std::string& kid = keys_->active_kid();
  std::string sealed = crypto::aead_encrypt(*keys_->key(kid), plaintext, context);
  return std::string(kPrefix) + kid + ":" + crypto::base64url_encode(sealed);
}

bool FieldCipher::is_sealed(std::string_view value) { return value.rfind(kPrefix, 0) == 0; }

Result<std::string> FieldCipher::open(std::string_view sealed, std::string_view context) const {
  if (!is_sealed(sealed)) return Error::internal("value is not encrypted");
  std::string_view rest = sealed.substr(kPrefix.size());
  auto colon = rest.find(':');
  if (colon == std::string_view::npos) return Error::internal("malformed encrypted value");
  const std::string* key = keys_->key(rest.substr(0, colon));
  if (!key)
    return Error::internal("encrypted with unknown data key " + std::string(rest.substr(0, colon)));
  auto raw = crypto::base64url_decode(rest.substr(colon + 1));
  if (!raw) return Error::internal("malformed encrypted value");
  auto plain = crypto::aead_decrypt(*key, *raw, context);
  if (!plain) return Error::internal("encrypted value failed authentication");
  return plain.value();
}

bool FieldCipher::needs_rotation(std::string_view sealed) const {
  if (!is_sealed(sealed)) return true;
  std::string_view rest = sealed.substr(kPrefix.size());
  return rest.substr(0, rest.find(':')) != keys_->active_kid();
}

}  // namespace finchat::store
