// Single-file binary model format:
//   "FCNLPCLF" magic, u32 format version, payload, u64 FNV-1a checksum of the payload.
// Values are little-endian; strings and arrays carry a u64 length prefix; weights are binary16.
#include <cstring>
#include <fstream>
#include <type_traits>

#include "nlp/classifier.hpp"
#include "nlp/csv.hpp"
#include "nlp/half.hpp"

namespace finchat::nlp {
namespace {

constexpr char kMagic[8] = {'F', 'C', 'N', 'L', 'P', 'C', 'L', 'F'};
constexpr uint32_t kVersion = 1;
constexpr uint64_t kMaxElements = uint64_t{1} << 32;

uint64_t checksum(std::string_view bytes) {
  uint64_t h = 1469598103934665603ull;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return h;
}

class Writer {
 public:
  template <class T>
  void put(T v) {
    static_assert(std::is_trivially_copyable_v<T>);
    buf_.append(reinterpret_cast<const char*>(&v), sizeof v);
  }
  void put_string(std::string_view s) {
    put<uint64_t>(s.size());
    buf_.append(s);
  }
  template <class T>
  void put_array(const std::vector<T>& v) {
    put<uint64_t>(v.size());
    buf_.append(reinterpret_cast<const char*>(v.data()), v.size() * sizeof(T));
  }
  const std::string& bytes() const { return buf_; }

 private:
  std::string buf_;
};

class Reader {
 public:
  explicit Reader(std::string_view bytes) : s_(bytes) {}

  template <class T>
  bool get(T& v) {
    if (s_.size() - pos_ < sizeof v) return false;
    std::memcpy(&v, s_.data() + pos_, sizeof v);
    pos_ += sizeof v;
    return true;
  }
  bool get_string(std::string& out) {
    uint64_t n = 0;
    if (!get(n) || n > s_.size() - pos_) return false;
    out.assign(s_.data() + pos_, n);
    pos_ += n;
    return true;
  }
  template <class T>
  bool get_array(std::vector<T>& out) {
    uint64_t n = 0;
    if (!get(n) || n > kMaxElements || n * sizeof(T) > s_.size() - pos_) return false;
    out.resize(n);
    std::memcpy(out.data(), s_.data() + pos_, n * sizeof(T));
    pos_ += n * sizeof(T);
    return true;
  }
  bool at_end() const { return pos_ == s_.size(); }

 private:
  std::string_view s_;
  size_t pos_ = 0;
};

void put_options(Writer& w, const FeatureOptions& o) {
  w.put<int32_t>(o.word_ngram_max);
  w.put<int32_t>(o.char_ngram_min);
  w.put<int32_t>(o.char_ngram_max);
  w.put<uint8_t>(o.stem);
  w.put<uint8_t>(o.remove_stopwords);
  w.put<int32_t>(o.min_df);
  w.put<float>(o.word_weight);
  w.put<float>(o.char_weight);
  w.put<uint8_t>(o.sublinear_tf);
}

bool get_options(Reader& r, FeatureOptions& o) {
  uint8_t stem = 0;
  uint8_t stop = 0;
  uint8_t sublinear = 0;
  const bool ok = r.get(o.word_ngram_max) && r.get(o.char_ngram_min) && r.get(o.char_ngram_max) &&
                  r.get(stem) && r.get(stop) && r.get(o.min_df) && r.get(o.word_weight) &&
                  r.get(o.char_weight) && r.get(sublinear);
  o.stem = stem != 0;
  o.remove_stopwords = stop != 0;
  o.sublinear_tf = sublinear != 0;
  return ok && o.word_ngram_max >= 0 && o.word_ngram_max <= 8 && o.char_ngram_max >= 0 &&
         o.char_ngram_max <= 16;
}

void put_model(Writer& w, const LinearModel& m) {
  w.put<uint64_t>(m.dim);
  w.put<uint64_t>(m.classes);
  std::vector<uint16_t> halves(m.weights.size());
  for (size_t i = 0; i < halves.size(); ++i) halves[i] = float_to_half(m.weights[i]);
  w.put_array(halves);
  w.put_array(m.bias);
}

bool get_model(Reader& r, LinearModel& m, size_t dim, size_t classes) {
  uint64_t d = 0;
  uint64_t c = 0;
  if (!r.get(d) || !r.get(c) || d != dim || c != classes) return false;
  m.dim = dim;
  m.classes = classes;
  std::vector<uint16_t> halves;
  if (!r.get_array(halves) || !r.get_array(m.bias) || halves.size() != dim * classes ||
      m.bias.size() != classes) {
    return false;
  }
  m.weights.resize(halves.size());
  for (size_t i = 0; i < halves.size(); ++i) m.weights[i] = half_to_float(halves[i]);
  return true;
}

}  // namespace

class ClassifierCodec {
 public:
  static std::string encode(const Classifier& m) {
    Writer w;
    put_options(w, m.features_.options());
    w.put_array(m.features_.keys());
    w.put_array(m.features_.idf());
    w.put<uint64_t>(m.labels_.size());
    for (const auto& l : m.labels_) w.put_string(l);
    w.put<uint8_t>(m.has_logistic_);
    w.put<uint8_t>(m.has_svm_);
    if (m.has_logistic_) put_model(w, m.logistic_);
    if (m.has_svm_) put_model(w, m.svm_);
    w.put<float>(m.logistic_scale_);
    w.put<float>(m.svm_scale_);
    w.put<float>(m.svm_weight_);
    w.put<float>(m.oos_threshold_);
    w.put_string(m.oos_label_);
    w.put_string(m.text_column_);
    w.put_string(m.label_column_);
    return w.bytes();
  }

  static bool decode(std::string_view payload, Classifier& m) {
    Reader r(payload);
    FeatureOptions options;
    std::vector<uint64_t> keys;
    std::vector<float> idf;
    uint64_t label_count = 0;
    if (!get_options(r, options) || !r.get_array(keys) || !r.get_array(idf) ||
        keys.size() != idf.size() || !r.get(label_count) || label_count > kMaxElements) {
      return false;
    }
    const size_t dim = keys.size();
    m.features_ = FeatureSpace::from_parts(options, std::move(keys), std::move(idf));
    m.labels_.resize(label_count);
    for (auto& l : m.labels_) {
      if (!r.get_string(l)) return false;
    }
    uint8_t has_lr = 0;
    uint8_t has_svm = 0;
    if (!r.get(has_lr) || !r.get(has_svm)) return false;
    m.has_logistic_ = has_lr != 0;
    m.has_svm_ = has_svm != 0;
    if (m.has_logistic_ && !get_model(r, m.logistic_, dim, label_count)) return false;
    if (m.has_svm_ && !get_model(r, m.svm_, dim, label_count)) return false;
    return r.get(m.logistic_scale_) && r.get(m.svm_scale_) && r.get(m.svm_weight_) &&
           r.get(m.oos_threshold_) && r.get_string(m.oos_label_) && r.get_string(m.text_column_) &&
           r.get_string(m.label_column_) && r.at_end() && (m.has_logistic_ || m.has_svm_);
  }
};

Status Classifier::save(const std::string& path) const {
  const std::string payload = ClassifierCodec::encode(*this);
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return Error::invalid(path + ": cannot open for writing");
  const uint32_t version = kVersion;
  const uint64_t sum = checksum(payload);
  out.write(kMagic, sizeof kMagic);
  out.write(reinterpret_cast<const char*>(&version), sizeof version);
  out.write(payload.data(), static_cast<std::streamsize>(payload.size()));
  out.write(reinterpret_cast<const char*>(&sum), sizeof sum);
  out.close();
  if (!out) return Error::internal(path + ": write failed");
  return {};
}

Result<Classifier> Classifier::load(const std::string& path) {
  auto bytes = read_text_file(path);
  if (!bytes.ok()) return bytes.error();
  const std::string_view all = *bytes;
  constexpr size_t kHeader = sizeof kMagic + sizeof(uint32_t);
  if (all.size() < kHeader + sizeof(uint64_t) ||
      all.substr(0, sizeof kMagic) != std::string_view(kMagic, sizeof kMagic)) {
    return Error::invalid(path + ": not a finchat classifier model");
  }
  uint32_t version = 0;
  std::memcpy(&version, all.data() + sizeof kMagic, sizeof version);
  if (version != kVersion) {
    return Error::invalid(path + ": unsupported model version " + std::to_string(version) +
                          " (expected " + std::to_string(kVersion) + ")");
  }
  const std::string_view payload = all.substr(kHeader, all.size() - kHeader - sizeof(uint64_t));
  uint64_t stored = 0;
  std::memcpy(&stored, all.data() + all.size() - sizeof stored, sizeof stored);
  if (stored != checksum(payload))
    return Error::invalid(path + ": model file is corrupt (checksum)");
  Classifier model;
  if (!ClassifierCodec::decode(payload, model)) {
    return Error::invalid(path + ": model file is corrupt (bad structure)");
  }
  return model;
}

}  // namespace finchat::nlp
