#include "train/token_data.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <numeric>
#include <random>

#include "core/json.hpp"
#include "llm/chat_template.hpp"
#include "llm/gguf.hpp"

namespace finchat::train {

Result<std::unique_ptr<llm::Tokenizer>> load_tokenizer(const std::string& gguf_path) {
  auto f = llm::GgufFile::open(gguf_path);
  if (!f) return f.error();
  auto v = llm::vocab_from_gguf(**f);
  if (!v) return v.error();
  return llm::Tokenizer::create(std::move(v).value());
}

Status write_token_shard(const std::string& path, const std::vector<int>& ids) {
  std::vector<uint16_t> buf(ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    if (ids[i] < 0 || ids[i] > 65535) return Error::invalid("token id out of uint16 range", "ids");
    buf[i] = static_cast<uint16_t>(ids[i]);
  }
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char*>(buf.data()),
            static_cast<std::streamsize>(buf.size() * 2));
  if (!out) return Error::internal("cannot write " + path);
  return {};
}

Result<std::vector<int>> read_token_shard(const std::string& path) {
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  if (!in) return Error::not_found("cannot open token shard " + path);
  const auto size = static_cast<size_t>(in.tellg());
  if (size % 2 != 0) return Error::invalid(path + ": odd byte count, not a uint16 shard", "shard");
  std::vector<uint16_t> buf(size / 2);
  in.seekg(0);
  in.read(reinterpret_cast<char*>(buf.data()), static_cast<std::streamsize>(size));
  return std::vector<int>(buf.begin(), buf.end());
}

Result<std::vector<int>> encode_text_file(const llm::Tokenizer& tok, const std::string& path) {
  std::ifstream in(path);
  if (!in) return Error::not_found("cannot open " + path);
  std::vector<int> ids;
  std::string line;
  const int eos = tok.vocab().eos;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    auto t = tok.encode(line, /*add_bos=*/true, /*parse_special=*/true);
    ids.insert(ids.end(), t.begin(), t.end());
    if (eos >= 0) ids.push_back(eos);
  }
  return ids;
}

std::vector<TokenExample> windows_from_stream(const std::vector<int>& ids, int window_len) {
  std::vector<TokenExample> out;
  const size_t w = static_cast<size_t>(std::max(2, window_len));
  for (size_t start = 0; start + w <= ids.size(); start += w - 1) {
    TokenExample e;
    e.tokens.assign(ids.begin() + static_cast<long>(start),
                    ids.begin() + static_cast<long>(start + w));
    e.loss.assign(w, 1);
    e.loss[0] = 0;
    out.push_back(std::move(e));
  }
  return out;
}

Result<TokenExample> encode_chat(const llm::Tokenizer& tok, const std::vector<ChatTurn>& turns,
                                 int max_len) {
  TokenExample ex;
  std::vector<llm::ChatMessage> msgs;
  for (const auto& t : turns) {
    if (t.role.empty()) return Error::invalid("chat message without role", "role");
    if (t.role == "assistant") {
      // Prompt = everything before this reply plus the assistant cue; the reply tokens are
      // what the full conversation adds beyond that prefix (as the engine will see it).
      auto prompt =
          tok.encode(llm::apply_chat_template(llm::ChatFormat::finchat, msgs, true), true, true);
      msgs.push_back({t.role, t.content});
      auto full =
          tok.encode(llm::apply_chat_template(llm::ChatFormat::finchat, msgs, false), true, true);
      size_t common = 0;
      while (common < prompt.size() && common < full.size() && prompt[common] == full[common]) {
        ++common;
      }
      ex.loss.resize(full.size(), 0);
      for (size_t i = std::max<size_t>(common, 1); i < full.size(); ++i) ex.loss[i] = 1;
      // The newline after <|end|> separates turns; it is not the reply's job to emit it.
      if (!full.empty() && tok.token_bytes(full.back()) == "\n") ex.loss.back() = 0;
      ex.tokens = std::move(full);
    } else {
      msgs.push_back({t.role, t.content});
    }
  }
  if (ex.tokens.empty()) {
    ex.tokens =
        tok.encode(llm::apply_chat_template(llm::ChatFormat::finchat, msgs, false), true, true);
  }
  ex.loss.resize(ex.tokens.size(), 0);
  if (max_len > 0 && ex.tokens.size() > static_cast<size_t>(max_len)) {
    ex.tokens.resize(max_len);
    ex.loss.resize(max_len);
  }
  return ex;
}

Result<std::vector<ChatTurn>> read_messages(const nlohmann::json& record,
                                            const std::string& where) {
  if (!record.contains("messages") || !record["messages"].is_array()) {
    return Error::invalid(where + ": expected an object with a 'messages' array", "messages");
  }
  std::vector<ChatTurn> conv;
  for (const auto& m : record["messages"]) {
    if (!m.is_object() || !m.contains("role") || !m.contains("content") || !m["role"].is_string() ||
        !m["content"].is_string()) {
      return Error::invalid(where + ": each message needs string 'role' and 'content'", "messages");
    }
    conv.push_back({m["role"].get<std::string>(), m["content"].get<std::string>()});
  }
  return conv;
}

Result<std::vector<std::vector<ChatTurn>>> read_chat_jsonl(const std::string& path) {
  std::vector<std::vector<ChatTurn>> out;
  auto st = json::for_each_jsonl(path, [&](const nlohmann::json& j, const std::string& where) {
    auto conv = read_messages(j, where);
    if (!conv) return Status(conv.error());
    out.push_back(std::move(*conv));
    return Status{};
  });
  if (!st) return st.error();
  return out;
}

Result<std::vector<TokenExample>> load_chat_examples(const llm::Tokenizer& tok,
                                                     const std::string& path, int max_len) {
  auto convs = read_chat_jsonl(path);
  if (!convs) return convs.error();
  std::vector<TokenExample> out;
  for (const auto& c : *convs) {
    auto e = encode_chat(tok, c, max_len);
    if (!e) return e.error();
    out.push_back(std::move(e).value());
  }
  return out;
}

void ExampleCursor::build_order() {
  order_.resize(n_);
  std::iota(order_.begin(), order_.end(), size_t{0});
  if (shuffle_) {
    std::mt19937_64 rng(seed_ * 1000003ULL + static_cast<uint64_t>(epoch_));
    for (size_t i = n_; i > 1; --i) std::swap(order_[i - 1], order_[rng() % i]);
  }
}

size_t ExampleCursor::next() {
  if (n_ == 0) return 0;
  if (order_.size() != n_) build_order();
  size_t idx = order_[static_cast<size_t>(offset_)];
  if (++offset_ >= static_cast<int64_t>(n_)) {
    offset_ = 0;
    ++epoch_;
    build_order();
  }
  return idx;
}

void ExampleCursor::seek(int64_t epoch, int64_t offset) {
  epoch_ = epoch;
  offset_ = offset;
  build_order();
}

}  // namespace finchat::train
