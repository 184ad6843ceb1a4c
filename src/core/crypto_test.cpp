#include "core/crypto.hpp"

#include <gtest/gtest.h>

namespace finchat::crypto {
namespace {

TEST(CryptoTest, Base64UrlRoundTrip) {
  std::string data("\x00\xff\xfe hello?", 10);
  auto enc = base64url_encode(data);
  EXPECT_EQ(enc.find('='), std::string::npos);
  EXPECT_EQ(enc.find('+'), std::string::npos);
  auto dec = base64url_decode(enc);
  ASSERT_TRUE(dec.ok());
  EXPECT_EQ(*dec, data);
  EXPECT_FALSE(base64url_decode("***").ok());
}

TEST(CryptoTest, Sha256KnownVector) {
  EXPECT_EQ(sha256_hex("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(CryptoTest, PasswordHashVerifies) {
  PasswordCost cheap{1, 8 * 1024};
  auto h = password_hash("correct horse", cheap);
  ASSERT_TRUE(h.ok());
  EXPECT_NE(h->find("$argon2id$"), std::string::npos);
  EXPECT_TRUE(password_verify(*h, "correct horse"));
  EXPECT_FALSE(password_verify(*h, "correct horsf"));
  auto h2 = password_hash("correct horse", cheap);
  EXPECT_NE(*h, *h2) << "salt must differ per hash";
}

TEST(CryptoTest, Ed25519SignVerify) {
  auto kp = ed25519_generate();
  auto sig = ed25519_sign(kp, "message");
  EXPECT_TRUE(ed25519_verify(kp.public_key, "message", sig));
  EXPECT_FALSE(ed25519_verify(kp.public_key, "messagE", sig));
  sig[0] ^= 1;
  EXPECT_FALSE(ed25519_verify(kp.public_key, "message", sig));
  auto restored = ed25519_from_secret(std::string(kp.secret_key.begin(), kp.secret_key.end()));
  ASSERT_TRUE(restored.ok());
  EXPECT_EQ(restored->public_key, kp.public_key);
}

TEST(CryptoTest, AeadRoundTripAndTamper) {
  std::string key(32, 'k');
  auto sealed = aead_encrypt(key, "secret text", "row-1");
  EXPECT_EQ(sealed.find("secret text"), std::string::npos);
  auto opened = aead_decrypt(key, sealed, "row-1");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "secret text");
  EXPECT_FALSE(aead_decrypt(key, sealed, "row-2").ok()) << "associated data binds the row";
  std::string tampered = sealed;
  tampered.back() ^= 1;
  EXPECT_FALSE(aead_decrypt(key, tampered, "row-1").ok());
  EXPECT_FALSE(aead_decrypt(key, "short", "row-1").ok());
}

TEST(CryptoTest, ConstantTimeEqual) {
  EXPECT_TRUE(constant_time_equal("abc", "abc"));
  EXPECT_FALSE(constant_time_equal("abc", "abd"));
  EXPECT_FALSE(constant_time_equal("abc", "abcd"));
}

}  // namespace
}  // namespace finchat::crypto
