#pragma once
// IEEE 754 binary16 conversion, used to store model weights at half the size. Training rounds
// weights through half precision so that a saved and reloaded model predicts identically.
#include <cstdint>
#include <vector>

namespace finchat::nlp {

uint16_t float_to_half(float value);  // round to nearest even; overflow -> infinity
float half_to_float(uint16_t bits);
void round_to_half(std::vector<float>& values);

}  // namespace finchat::nlp
