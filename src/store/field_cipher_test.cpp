#include "store/field_cipher.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "core/crypto.hpp"
#include "core/ids.hpp"

namespace finchat::store {
namespace {

std::string temp_path() {
  return (std::filesystem::temp_directory_path() / ("finchat_keys_" + new_uuid_v7())).string();
}

TEST(FieldCipherTest, SealOpenRoundTripHidesPlaintext) {
  auto ring = Keyring::load_or_create(temp_path(), "");
  ASSERT_TRUE(ring.ok()) << ring.error().message;
  FieldCipher cipher(std::make_shared<Keyring>(*ring));
  std::string sealed = cipher.seal("my card is 4111", "messages.body:42");
  EXPECT_TRUE(FieldCipher::is_sealed(sealed));
  EXPECT_EQ(sealed.find("4111"), std::string::npos);
  auto opened = cipher.open(sealed, "messages.body:42");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "my card is 4111");
  EXPECT_FALSE(cipher.open(sealed, "messages.body:43").ok()) << "bound to its row";
}

TEST(FieldCipherTest, RotationKeepsOldValuesReadable) {
  std::string path = temp_path();
  auto ring1 = Keyring::load_or_create(path, "");
  ASSERT_TRUE(ring1.ok());
  FieldCipher old_cipher(std::make_shared<Keyring>(*ring1));
  std::string sealed = old_cipher.seal("secret", "ctx");
  auto new_kid = Keyring::rotate_file(path);
  ASSERT_TRUE(new_kid.ok());
  auto ring2 = Keyring::load_or_create(path, "");
  ASSERT_TRUE(ring2.ok());
  EXPECT_EQ(ring2->size(), 2u);
  EXPECT_EQ(ring2->active_kid(), *new_kid);
  FieldCipher cipher(std::make_shared<Keyring>(*ring2));
  EXPECT_TRUE(cipher.needs_rotation(sealed));
  auto opened = cipher.open(sealed, "ctx");
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(*opened, "secret");
  EXPECT_FALSE(cipher.needs_rotation(cipher.seal("x", "ctx")));
  std::filesystem::remove(path);
}

TEST(FieldCipherTest, EnvironmentKeyValidated) {
  EXPECT_FALSE(Keyring::load_or_create("", "not-base64!").ok());
  std::string key(32, 'z');
  auto ring = Keyring::load_or_create("", crypto::base64_encode(key));
  ASSERT_TRUE(ring.ok());
  EXPECT_EQ(ring->size(), 1u);
}

TEST(FieldCipherTest, MalformedKeyFileNamesLine) {
  std::string path = temp_path();
  std::ofstream(path) << "# keys\nabc notbase64\n";
  auto ring = Keyring::load_or_create(path, "");
  ASSERT_FALSE(ring.ok());
  EXPECT_NE(ring.error().message.find(":2:"), std::string::npos) << ring.error().message;
  std::filesystem::remove(path);
}

TEST(FieldCipherTest, TamperedValueRejected) {
  FieldCipher cipher(std::make_shared<Keyring>(Keyring::single("k1", std::string(32, 'a'))));
  std::string sealed = cipher.seal("hello", "c");
  sealed[sealed.size() - 2] = sealed[sealed.size() - 2] == 'A' ? 'B' : 'A';
  EXPECT_FALSE(cipher.open(sealed, "c").ok());
  EXPECT_FALSE(cipher.open("enc:v1:unknown:abc", "c").ok());
  EXPECT_FALSE(cipher.open("plain", "c").ok());
}

}  // namespace
}  // namespace finchat::store
