#include "retrieval/encoder.hpp"

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <random>
#include <unordered_map>

#include "nlp/text.hpp"
#include "retrieval/analyzer.hpp"
#include "retrieval/synonyms.hpp"

namespace finchat::retrieval {
namespace {

constexpr char kMagic[8] = {'F', 'C', 'E', 'N', 'C', '0', '0', '1'};

uint64_t fnv1a(std::string_view s, uint64_t salt) {
  uint64_t h = 1469598103934665603ull ^ salt;
  for (char c : s) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

// Raw feature counts: stemmed words, adjacent stemmed-word pairs and character n-grams of the
// lowercased words (these catch typos and morphology the stemmer misses).
std::unordered_map<uint32_t, float> raw_counts(std::string_view text, const EncoderConfig& cfg) {
  std::unordered_map<uint32_t, float> counts;
  const auto bump = [&](std::string_view feature, uint64_t salt) {
    counts[static_cast<uint32_t>(fnv1a(feature, salt) % cfg.buckets)] += 1.0f;
  };
  const auto stems = analyze(text);
  for (size_t i = 0; i < stems.size(); ++i) {
    bump(stems[i], 1);
    if (i + 1 < stems.size()) bump(stems[i] + " " + stems[i + 1], 2);
  }
  for (const auto& word : nlp::tokenize(canonicalize(text))) {
    if (nlp::is_stopword(word)) continue;
    const std::string marked = "<" + word + ">";
    for (uint32_t n = cfg.char_min; n <= cfg.char_max; ++n) {
      for (size_t i = 0; i + n <= marked.size(); ++i)
        bump(std::string_view(marked).substr(i, n), 3);
    }
  }
  return counts;
}

template <class T>
void write_pod(std::ofstream& out, const T& v) {
  out.write(reinterpret_cast<const char*>(&v), sizeof(T));
}
template <class T>
bool read_pod(std::ifstream& in, T& v) {
  return static_cast<bool>(in.read(reinterpret_cast<char*>(&v), sizeof(T)));
}

}  // namespace

Encoder::Encoder(EncoderConfig config)
    : config_(config), idf_(config.buckets, 1.0f), projection_(config.buckets, config.dim) {
  std::mt19937_64 rng(config.seed);
  std::normal_distribution<float> normal(0.0f, 1.0f / std::sqrt(static_cast<float>(config.dim)));
  for (Eigen::Index i = 0; i < projection_.size(); ++i) projection_.data()[i] = normal(rng);
}

void Encoder::fit_idf(const std::vector<std::string>& corpus) {
  std::vector<uint32_t> df(config_.buckets, 0);
  for (const auto& doc : corpus) {
    for (const auto& [bucket, count] : raw_counts(doc, config_)) ++df[bucket];
  }
  const double n = static_cast<double>(corpus.size());
  for (uint32_t b = 0; b < config_.buckets; ++b) {
    idf_[b] = static_cast<float>(std::log((1.0 + n) / (1.0 + df[b])) + 1.0);
  }
}

void Encoder::init_lsa(const std::vector<std::string>& corpus, uint32_t power_iterations) {
  std::vector<SparseFeatures> x;
  x.reserve(corpus.size());
  for (const auto& doc : corpus) x.push_back(features(doc));
  const auto n = static_cast<Eigen::Index>(x.size());
  const auto k = static_cast<Eigen::Index>(config_.dim);
  const Eigen::Index l = k + 10;
  if (n < l) return;  // too small a corpus for a useful basis: keep the random projection
  // X (n x buckets) is sparse; these two products are all the SVD needs from it.
  const auto times_x = [&](const Eigen::MatrixXf& y) {  // X * Y, Y: buckets x l
    Eigen::MatrixXf out = Eigen::MatrixXf::Zero(n, y.cols());
    for (Eigen::Index i = 0; i < n; ++i) {
      for (const auto& [b, w] : x[static_cast<size_t>(i)]) out.row(i) += w * y.row(b);
    }
    return out;
  };
  const auto times_xt = [&](const Eigen::MatrixXf& z) {  // X^T * Z, Z: n x l
    Eigen::MatrixXf out = Eigen::MatrixXf::Zero(config_.buckets, z.cols());
    for (Eigen::Index i = 0; i < n; ++i) {
      for (const auto& [b, w] : x[static_cast<size_t>(i)]) out.row(b) += w * z.row(i);
    }
    return out;
  };
  const auto orthonormal = [](const Eigen::MatrixXf& m) {
    Eigen::HouseholderQR<Eigen::MatrixXf> qr(m);
    return Eigen::MatrixXf(qr.householderQ() * Eigen::MatrixXf::Identity(m.rows(), m.cols()));
  };
  std::mt19937_64 rng(config_.seed + 1);
  std::normal_distribution<float> normal(0.0f, 1.0f);
  Eigen::MatrixXf omega(n, l);
  for (Eigen::Index i = 0; i < omega.size(); ++i) omega.data()[i] = normal(rng);
  Eigen::MatrixXf q = orthonormal(times_xt(omega));
  for (uint32_t it = 0; it < power_iterations; ++it) q = orthonormal(times_xt(times_x(q)));
  Eigen::JacobiSVD<Eigen::MatrixXf> svd(times_x(q), Eigen::ComputeThinV);
  const Eigen::MatrixXf basis = q * svd.matrixV().leftCols(k);  // buckets x dim
  // Match the row scale of the random start so that training step sizes mean the same.
  projection_ = basis * std::sqrt(static_cast<float>(config_.buckets) / static_cast<float>(k));
}

SparseFeatures Encoder::features(std::string_view text) const {
  SparseFeatures out;
  double norm2 = 0;
  for (const auto& [bucket, count] : raw_counts(text, config_)) {
    const float w = (1.0f + std::log(count)) * idf_[bucket];
    out.emplace_back(bucket, w);
    norm2 += static_cast<double>(w) * w;
  }
  if (norm2 > 0) {
    const float inv = static_cast<float>(1.0 / std::sqrt(norm2));
    for (auto& f : out) f.second *= inv;
  }
  std::sort(out.begin(), out.end());
  return out;
}

Eigen::VectorXf Encoder::encode(const SparseFeatures& feats) const {
  Eigen::VectorXf v = Eigen::VectorXf::Zero(config_.dim);
  for (const auto& [bucket, w] : feats) v += w * projection_.row(bucket).transpose();
  const float n = v.norm();
  if (n > 0) v /= n;
  return v;
}

Eigen::VectorXf Encoder::encode(std::string_view text) const { return encode(features(text)); }

Status Encoder::save(const std::filesystem::path& path) const {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Error::unavailable("cannot write encoder file " + path.string());
  out.write(kMagic, sizeof(kMagic));
  write_pod(out, config_.buckets);
  write_pod(out, config_.dim);
  write_pod(out, config_.char_min);
  write_pod(out, config_.char_max);
  write_pod(out, config_.seed);
  out.write(reinterpret_cast<const char*>(idf_.data()),
            static_cast<std::streamsize>(idf_.size() * sizeof(float)));
  out.write(reinterpret_cast<const char*>(projection_.data()),
            static_cast<std::streamsize>(projection_.size() * sizeof(float)));
  if (!out) return Error::unavailable("failed writing encoder file " + path.string());
  return {};
}

Result<Encoder> Encoder::load(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Error::not_found("cannot open encoder file " + path.string());
  char magic[sizeof(kMagic)] = {};
  in.read(magic, sizeof(magic));
  if (!in || !std::equal(magic, magic + sizeof(magic), kMagic)) {
    return Error::invalid(path.string() + ": not a finchat encoder file", "path");
  }
  EncoderConfig cfg;
  if (!read_pod(in, cfg.buckets) || !read_pod(in, cfg.dim) || !read_pod(in, cfg.char_min) ||
      !read_pod(in, cfg.char_max) || !read_pod(in, cfg.seed)) {
    return Error::invalid(path.string() + ": truncated encoder header", "path");
  }
  if (cfg.buckets == 0 || cfg.buckets > (1u << 24) || cfg.dim == 0 || cfg.dim > 4096 ||
      cfg.char_min == 0 || cfg.char_min > cfg.char_max || cfg.char_max > 16) {
    return Error::invalid(path.string() + ": implausible encoder header", "path");
  }
  Encoder enc(EncoderConfig{cfg.buckets, cfg.dim, cfg.char_min, cfg.char_max, cfg.seed});
  in.read(reinterpret_cast<char*>(enc.idf_.data()),
          static_cast<std::streamsize>(enc.idf_.size() * sizeof(float)));
  in.read(reinterpret_cast<char*>(enc.projection_.data()),
          static_cast<std::streamsize>(enc.projection_.size() * sizeof(float)));
  if (!in) return Error::invalid(path.string() + ": truncated encoder weights", "path");
  return enc;
}

}  // namespace finchat::retrieval
