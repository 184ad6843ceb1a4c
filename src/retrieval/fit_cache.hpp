#pragma once
// Cache of fitted retrieval models (encoder, reranker, calibration) keyed by a content hash of
// the chunks and the fit configuration, so a restart with unchanged KB + FAQ data loads in
// well under a second instead of refitting. Any change of the data or config changes the key.
#include <string>
#include <vector>

#include "core/result.hpp"
#include "retrieval/fit.hpp"

namespace finchat::retrieval {

// SHA-256 (hex, 24 chars) over every chunk's id, kind, title, headings, text, paraphrases and
// metadata, the FitConfig and a format version.
std::string fit_cache_key(const std::vector<Chunk>& chunks, const FitConfig& config);

// Files: <dir>/help-<key>.encoder.bin, .intent.bin (when an intent model was fitted) and
// .models.json (written last).
Status save_fitted_models(const std::string& dir, const std::string& key,
                          const FittedModels& models);
// not_found when there is no cache for this key; invalid when the files are damaged.
Result<FittedModels> load_fitted_models(const std::string& dir, const std::string& key);

// Loads the cached models for these chunks and config, or fits and caches them. An empty
// dir disables the cache. `from_cache` (optional) tells which happened.
FittedModels fit_models_cached(const std::vector<Chunk>& chunks, const FitConfig& config,
                               const std::string& dir, bool* from_cache = nullptr);

}  // namespace finchat::retrieval
