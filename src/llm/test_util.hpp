#pragma once
// Helpers shared by the llm tests: tiny random models written to temp files.
#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>

#include "llm/engine.hpp"
#include "llm/model_builder.hpp"

namespace finchat::llm::testing {

inline std::filesystem::path temp_dir() {
  return std::filesystem::temp_directory_path() /
         ("finchat_llm_test_" + std::to_string(::getpid()));
}

inline std::string temp_path(const std::string& name) {
  // The folder goes away when the test process exits.
  static const bool cleanup_registered = [] {
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(temp_dir(), ec);
    });
    return true;
  }();
  (void)cleanup_registered;
  std::filesystem::create_directories(temp_dir());
  return (temp_dir() / name).string();
}

inline RandomModelSpec tiny_spec(TensorType type = TensorType::f32) {
  RandomModelSpec s;
  s.n_embd = 64;
  s.n_layer = 2;
  s.n_head = 4;
  s.n_head_kv = 2;  // grouped-query attention
  s.n_ff = 96;
  s.n_vocab = 1000;
  s.type = type;
  s.seed = 7;
  return s;
}

inline std::string write_tiny(const std::string& name, const RandomModelSpec& spec) {
  std::string path = temp_path(name);
  auto st = write_random_model(spec, path);
  EXPECT_TRUE(st.ok()) << (st.ok() ? "" : st.error().message);
  return path;
}

// A tiny random model written to `file` and loaded with one thread; the callers keep it in
// a function-level static so the tests of one binary share it.
inline std::shared_ptr<Engine> load_tiny_engine(const std::string& file) {
  EngineOptions opts;
  opts.threads = 1;
  auto e = Engine::load(write_tiny(file, tiny_spec()), opts);
  EXPECT_TRUE(e.ok());
  return e ? std::shared_ptr<Engine>(std::move(*e)) : nullptr;
}

}  // namespace finchat::llm::testing
