#include "retrieval/fit_cache.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "core/crypto.hpp"
#include "core/log.hpp"

namespace finchat::retrieval {

namespace {

namespace fs = std::filesystem;
constexpr int kFormat = 2;  // 2: intent classifier, 12 rerank features

// Length-prefixed so that field boundaries cannot collide ("ab"+"c" vs "a"+"bc").
void put(std::string& out, std::string_view s) {
  out += std::to_string(s.size());
  out += ':';
  out += s;
}

std::string config_text(const FitConfig& c) {
  std::ostringstream o;
  o.precision(17);
  o << kFormat << ' ' << c.encoder.buckets << ' ' << c.encoder.dim << ' ' << c.encoder.char_min
    << ' ' << c.encoder.char_max << ' ' << c.encoder.seed << ' ' << c.train.epochs << ' '
    << c.train.batch_size << ' ' << c.train.learning_rate << ' ' << c.train.temperature << ' '
    << c.train.seed << ' ' << c.bm25.k1 << ' ' << c.bm25.b << ' ' << c.bm25.title_weight << ' '
    << c.bm25.alt_weight << ' ' << c.bm25.body_weight << ' ' << c.bm25.context_weight << ' '
    << c.folds << ' ' << c.lsa_init << ' ' << c.search.k << ' ' << c.search.candidates << ' '
    << c.search.rerank_depth << ' ' << (c.search.kind ? static_cast<int>(*c.search.kind) : -1)
    << ' ' << c.intent.enabled << ' ' << c.intent.svm_c;
  return o.str();
}

fs::path encoder_path(const std::string& dir, const std::string& key) {
  return fs::path(dir) / ("help-" + key + ".encoder.bin");
}
fs::path intent_path(const std::string& dir, const std::string& key) {
  return fs::path(dir) / ("help-" + key + ".intent.bin");
}
fs::path models_path(const std::string& dir, const std::string& key) {
  return fs::path(dir) / ("help-" + key + ".models.json");
}

nlohmann::json to_json(const FittedModels& m) {
  nlohmann::json w = nlohmann::json::array();
  for (double x : m.rerank.weights) w.push_back(x);
  return {{"format", kFormat},
          {"intent", m.intent != nullptr},
          {"rerank", {{"weights", w}, {"bias", m.rerank.bias}, {"fitted", m.rerank.fitted}}},
          {"calibration", {{"a", m.calibration.a}, {"b", m.calibration.b}, {"c", m.calibration.c}}},
          {"report",
           {{"training_queries", m.report.training_queries},
            {"oof_rrf_recall_at_1", m.report.oof_rrf_recall_at_1},
            {"oof_hybrid_recall_at_1", m.report.oof_hybrid_recall_at_1},
            {"last_train_loss", m.report.last_train_loss}}}};
}

Result<FittedModels> from_json(const nlohmann::json& j, const std::string& source) {
  try {
    if (j.at("format").get<int>() != kFormat) return Error::invalid(source + ": old cache format");
    FittedModels m;
    const auto& w = j.at("rerank").at("weights");
    if (!w.is_array() || w.size() != kRerankFeatures) {
      return Error::invalid(source + ": rerank.weights must have " +
                            std::to_string(kRerankFeatures) + " numbers");
    }
    for (size_t i = 0; i < kRerankFeatures; ++i) m.rerank.weights[i] = w[i].get<double>();
    m.rerank.bias = j.at("rerank").at("bias").get<double>();
    m.rerank.fitted = j.at("rerank").at("fitted").get<bool>();
    const auto& c = j.at("calibration");
    m.calibration =
        Calibration{c.at("a").get<double>(), c.at("b").get<double>(), c.at("c").get<double>()};
    const auto& r = j.at("report");
    m.report.training_queries = r.at("training_queries").get<size_t>();
    m.report.oof_rrf_recall_at_1 = r.at("oof_rrf_recall_at_1").get<double>();
    m.report.oof_hybrid_recall_at_1 = r.at("oof_hybrid_recall_at_1").get<double>();
    m.report.last_train_loss = r.at("last_train_loss").get<double>();
    return m;
  } catch (const nlohmann::json::exception& e) {
    return Error::invalid(source + ": " + e.what());
  }
}

}  // namespace

std::string fit_cache_key(const std::vector<Chunk>& chunks, const FitConfig& config) {
  std::string all;
  put(all, config_text(config));
  for (const auto& c : chunks) {
    put(all, c.id);
    put(all, to_string(c.kind));
    put(all, c.doc_id);
    put(all, c.title);
    for (const auto& h : c.heading_path) put(all, h);
    put(all, c.text);
    put(all, std::to_string(c.paraphrases.size()));
    for (const auto& p : c.paraphrases) put(all, p);
    for (const auto& [k, v] : c.metadata) {
      put(all, k);
      put(all, v);
    }
  }
  return crypto::sha256_hex(all).substr(0, 24);
}

Status save_fitted_models(const std::string& dir, const std::string& key,
                          const FittedModels& models) {
  if (!models.encoder) return Error::invalid("no encoder to cache");
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Error::invalid(dir + ": cannot create cache directory: " + ec.message());
  // Temporary names, then rename: a crash never leaves a half-written cache behind.
  std::string tmp = ".tmp";
  tmp += std::to_string(::getpid());
  const fs::path enc = encoder_path(dir, key), mod = models_path(dir, key);
  if (auto st = models.encoder->save(enc.string() + tmp); !st) return st;
  const fs::path intent = intent_path(dir, key);
  if (models.intent) {
    if (auto st = models.intent->save(intent.string() + tmp); !st) return st;
  }
  {
    std::ofstream out(mod.string() + tmp, std::ios::trunc);
    out << to_json(models).dump();
    if (!out) return Error::invalid(mod.string() + ": write failed");
  }
  fs::rename(enc.string() + tmp, enc, ec);
  if (!ec && models.intent) fs::rename(intent.string() + tmp, intent, ec);
  if (!ec) fs::rename(mod.string() + tmp, mod, ec);  // the models file last: it marks completion
  if (ec) return Error::invalid(dir + ": cannot rename cache files: " + ec.message());
  return {};
}

Result<FittedModels> load_fitted_models(const std::string& dir, const std::string& key) {
  const fs::path enc = encoder_path(dir, key), mod = models_path(dir, key);
  if (!fs::exists(mod) || !fs::exists(enc)) return Error::not_found("no cached models for " + key);
  std::ifstream in(mod);
  nlohmann::json j = nlohmann::json::parse(in, nullptr, false);
  if (j.is_discarded()) return Error::invalid(mod.string() + ": not valid JSON");
  auto models = from_json(j, mod.string());
  if (!models) return models.error();
  auto encoder = Encoder::load(enc);
  if (!encoder) return encoder.error();
  models->encoder = std::make_shared<const Encoder>(std::move(encoder.value()));
  if (j.value("intent", false)) {
    auto intent = nlp::Classifier::load(intent_path(dir, key).string());
    if (!intent) return intent.error();
    models->intent = std::make_shared<const nlp::Classifier>(std::move(intent.value()));
  }
  return models;
}

FittedModels fit_models_cached(const std::vector<Chunk>& chunks, const FitConfig& config,
                               const std::string& dir, bool* from_cache) {
  if (from_cache) *from_cache = false;
  if (dir.empty()) return fit_models(chunks, config);
  const std::string key = fit_cache_key(chunks, config);
  auto cached = load_fitted_models(dir, key);
  if (cached) {
    if (from_cache) *from_cache = true;
    return std::move(cached.value());
  }
  if (cached.error().kind != ErrorKind::not_found) {
    log::get("retrieval")->warn("model cache unusable, refitting: {}", cached.error().message);
  }
  auto models = fit_models(chunks, config);
  if (auto st = save_fitted_models(dir, key, models); !st) {
    log::get("retrieval")->warn("model cache not written: {}", st.error().message);
  }
  return models;
}

}  // namespace finchat::retrieval
