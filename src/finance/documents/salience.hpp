#pragma once
// Key-point salience of a sentence: how likely it states a headline figure (EPS, revenue,
// guidance range, net income) rather than colour or process. Additive weights, roughly the log
// lift of each cue in ROUGE overlap with reference bullet summaries, measured on the ECTSum
// train split only (see README); cues are generic earnings-report language.
#include <string>

namespace finchat::documents {

double key_point_score(const std::string& sentence);

}  // namespace finchat::documents
