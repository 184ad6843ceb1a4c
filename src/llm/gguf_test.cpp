#include "llm/gguf.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "llm/model.hpp"
#include "llm/test_util.hpp"
#include "llm/tokenizer.hpp"

namespace finchat::llm {
namespace {

std::vector<uint8_t> sample_file() {
  GgufWriter w;
  w.set("general.architecture", GgufValue::of_string("llama"));
  w.set("test.u32", GgufValue::of_u32(42));
  w.set("test.i32", GgufValue::of_i32(-7));
  w.set("test.f32", GgufValue::of_f32(1.5f));
  w.set("test.bool", GgufValue::of_bool(true));
  w.set("test.strings", GgufValue::of_strings({"a", "bc", ""}));
  w.set("test.nested", GgufValue::of_array(GgufType::array,
                                           {GgufValue::of_i32s({1, 2}), GgufValue::of_i32s({3})}));
  std::vector<float> vals(64);
  for (size_t i = 0; i < vals.size(); ++i) vals[i] = static_cast<float>(i) * 0.5f;
  std::vector<uint8_t> bytes(vals.size() * 4);
  std::memcpy(bytes.data(), vals.data(), bytes.size());
  EXPECT_TRUE(w.add_tensor("a", TensorType::f32, {32, 2}, bytes).ok());
  EXPECT_TRUE(w.add_tensor("b", TensorType::f32, {8},
                           std::vector<uint8_t>(bytes.begin(), bytes.begin() + 32))
                  .ok());
  return w.to_bytes();
}

TEST(Gguf, RoundTripsMetadataAndTensors) {
  auto bytes = sample_file();
  auto f = GgufFile::from_bytes(bytes.data(), bytes.size());
  ASSERT_TRUE(f.ok()) << f.error().message;
  const auto& file = **f;
  EXPECT_EQ(file.version(), 3u);
  EXPECT_EQ(file.get_int_or("test.u32", 0), 42);
  EXPECT_EQ(file.get_int_or("test.i32", 0), -7);
  EXPECT_DOUBLE_EQ(file.get_float_or("test.f32", 0), 1.5);
  EXPECT_EQ(file.find("test.bool")->u, 1u);
  ASSERT_EQ(file.find("test.strings")->items.size(), 3u);
  EXPECT_EQ(file.find("test.strings")->items[1].s, "bc");
  EXPECT_EQ(file.find("test.nested")->items[1].items[0].as_int(), 3);
  ASSERT_EQ(file.tensors().size(), 2u);
  const auto* a = file.tensor("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->dims, (std::vector<uint64_t>{32, 2}));
  EXPECT_EQ(a->rows(), 2u);
  float v;
  std::memcpy(&v, a->data + 4 * 63, 4);
  EXPECT_FLOAT_EQ(v, 31.5f);
  EXPECT_EQ(file.tensor("b")->offset % 32, 0u);
  // Writing what we read gives the same bytes.
  GgufWriter w2;
  for (const auto& k : file.key_order()) w2.set(k, *file.find(k));
  for (const auto& t : file.tensors()) {
    ASSERT_TRUE(
        w2.add_tensor(t.name, t.type, t.dims, std::vector<uint8_t>(t.data, t.data + t.n_bytes))
            .ok());
  }
  EXPECT_EQ(w2.to_bytes(), bytes);
}

TEST(Gguf, FileRoundTripThroughMmap) {
  auto path = testing::temp_path("roundtrip.gguf");
  auto bytes = sample_file();
  FILE* fp = std::fopen(path.c_str(), "wb");
  ASSERT_NE(fp, nullptr);
  std::fwrite(bytes.data(), 1, bytes.size(), fp);
  std::fclose(fp);
  auto f = GgufFile::open(path);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ((*f)->tensors().size(), 2u);
  auto missing = GgufFile::open(path + ".missing");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::not_found);
}

template <class T>
void poke(std::vector<uint8_t>& b, size_t at, T v) {
  std::memcpy(b.data() + at, &v, sizeof(T));
}

void expect_rejected(const std::vector<uint8_t>& b, const std::string& needle) {
  auto f = GgufFile::from_bytes(b.data(), b.size());
  ASSERT_FALSE(f.ok()) << "accepted a file that should fail with: " << needle;
  EXPECT_NE(f.error().message.find(needle), std::string::npos) << f.error().message;
}

TEST(Gguf, RejectsSpecificCorruptions) {
  auto good = sample_file();
  {
    auto b = good;
    b[0] = 'X';
    expect_rejected(b, "bad magic");
  }
  {
    auto b = good;
    poke<uint32_t>(b, 4, 99);
    expect_rejected(b, "unsupported GGUF version");
  }
  {
    auto b = good;
    poke<uint64_t>(b, 8, uint64_t{1} << 60);  // tensor count
    expect_rejected(b, "tensor count");
  }
  {
    auto b = good;
    poke<uint64_t>(b, 16, uint64_t{1} << 62);  // kv count
    expect_rejected(b, "metadata count");
  }
  {
    auto b = good;
    poke<uint64_t>(b, 24, ~uint64_t{0});  // first key length
    expect_rejected(b, "truncated");
  }
  {
    // First value's type (after the 8-byte length and the 20-byte key).
    auto b = good;
    poke<uint32_t>(b, 24 + 8 + 20, 77);
    expect_rejected(b, "unknown type");
  }
  expect_rejected(std::vector<uint8_t>(good.begin(), good.begin() + 10), "too short");
  expect_rejected(std::vector<uint8_t>(good.begin(), good.end() - 1), "outside the file");
}

TEST(Gguf, RejectsBadTensorInfos) {
  // Hand-build: one tensor with configurable dims/type/offset.
  auto build = [](uint32_t n_dims, const std::vector<uint64_t>& dims, uint32_t type,
                  uint64_t offset) {
    std::vector<uint8_t> b;
    auto put = [&](auto v) {
      const auto* p = reinterpret_cast<const uint8_t*>(&v);
      b.insert(b.end(), p, p + sizeof(v));
    };
    put(uint32_t{0x46554747});
    put(uint32_t{3});
    put(uint64_t{1});
    put(uint64_t{0});
    put(uint64_t{1});
    b.push_back('t');
    put(n_dims);
    for (auto d : dims) put(d);
    put(type);
    put(offset);
    b.resize((b.size() + 31) / 32 * 32 + 256, 0);
    return b;
  };
  EXPECT_TRUE(GgufFile::from_bytes(build(1, {32}, 0, 0).data(), build(1, {32}, 0, 0).size()).ok());
  expect_rejected(build(5, {1, 1, 1, 1, 1}, 0, 0), "dims");
  expect_rejected(build(2, {0, 4}, 0, 0), "zero dimension");
  expect_rejected(build(2, {uint64_t{1} << 40, uint64_t{1} << 40}, 0, 0), "overflows");
  expect_rejected(build(1, {32}, 13, 0), "unsupported type");
  expect_rejected(build(1, {33}, 8, 0), "multiple of the block size");
  expect_rejected(build(1, {32}, 0, 3), "not aligned");
  expect_rejected(build(1, {32}, 0, 1 << 20), "outside the file");
}

// Every truncation and many random mutations of a real model must fail cleanly or
// parse into something whose tensors lie inside the buffer.
TEST(Gguf, SurvivesTruncationAndMutation) {
  auto spec = testing::tiny_spec(TensorType::q8_0);
  spec.n_vocab = 300;
  auto bytes = build_random_model(spec, make_simple_spm_vocab(spec.n_vocab)).to_bytes();
  auto check = [&](const std::vector<uint8_t>& b) {
    auto f = GgufFile::from_bytes(b.data(), b.size());
    if (!f.ok()) {
      EXPECT_FALSE(f.error().message.empty());
      return;
    }
    for (const auto& t : (*f)->tensors()) {
      EXPECT_LE(t.offset + t.n_bytes, b.size());
    }
    auto m = Model::load(*f);  // must not crash either way
    auto v = vocab_from_gguf(**f);
    (void)m;
    (void)v;
  };
  const size_t header_end = 4096 < bytes.size() ? 4096 : bytes.size();
  for (size_t n = 0; n < bytes.size(); n += (n < header_end ? 1 : 997)) {
    check(std::vector<uint8_t>(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(n)));
  }
  std::mt19937 rng(123);
  for (int i = 0; i < 300; ++i) {
    auto b = bytes;
    int flips = 1 + static_cast<int>(rng() % 4);
    for (int k = 0; k < flips; ++k) {
      size_t at = rng() % std::min<size_t>(b.size(), 20000);
      b[at] = static_cast<uint8_t>(rng());
    }
    check(b);
  }
}

}  // namespace
}  // namespace finchat::llm
