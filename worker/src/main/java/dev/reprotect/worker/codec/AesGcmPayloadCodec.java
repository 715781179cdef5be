package dev.reprotect.worker.codec;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.common.v1.Payload;
import io.temporal.payload.codec.PayloadCodec;
import io.temporal.payload.codec.PayloadCodecException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Encrypts workflow payloads at rest: every payload (inputs, results, signals, heartbeat details,
 * failures' details) becomes AES-256-GCM ciphertext before it leaves the process, so Temporal's
 * database and its history exports hold no plaintext. A random 12-byte IV per payload is stored in
 * front of the ciphertext; the key id goes in the payload's metadata, so that a key can be rotated
 * (a payload under another key fails to decode, naming the id it needs). Payloads without the
 * {@value #ENCODING} encoding pass through: histories written before the codec was turned on still
 * read.
 */
public final class AesGcmPayloadCodec implements PayloadCodec {

  public static final String ENCODING = "binary/encrypted";
  public static final String METADATA_ENCODING = "encoding";
  public static final String METADATA_KEY_ID = "encryption-key-id";

  private static final int IV_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final ByteString ENCODING_BYTES = ByteString.copyFromUtf8(ENCODING);

  private final String keyId;
  private final SecretKey key;
  private final SecureRandom random = new SecureRandom();

  public AesGcmPayloadCodec(String keyId, byte[] key) {
    if (key.length != 32) {
      throw new IllegalArgumentException("an AES-256 key is 32 bytes, this one is " + key.length);
    }
    if (keyId == null || keyId.isBlank()) {
      throw new IllegalArgumentException("a key id is required");
    }
    this.keyId = keyId;
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** Reads a key file: 32 raw bytes, or their base64 (surrounding whitespace ignored). */
  public static AesGcmPayloadCodec fromFile(String keyId, Path file) {
    byte[] raw;
    try {
      raw = Files.readAllBytes(file);
    } catch (IOException e) {
      throw new IllegalStateException(
          "cannot read the payload key file " + file + ": " + e.getMessage(), e);
    }
    return new AesGcmPayloadCodec(keyId, decodeKey(raw, file.toString()));
  }

  static byte[] decodeKey(byte[] raw, String source) {
    if (raw.length == 32) {
      return raw;
    }
    String text = new String(raw, StandardCharsets.US_ASCII).trim();
    try {
      byte[] key = Base64.getDecoder().decode(text);
      if (key.length == 32) {
        return key;
      }
    } catch (IllegalArgumentException notBase64) {
      // fall through
    }
    throw new IllegalArgumentException(
        "the payload key in "
            + source
            + " must be 32 raw bytes or their base64 (e.g. openssl rand -base64 32)");
  }

  public String keyId() {
    return keyId;
  }

  @Override
  public List<Payload> encode(List<Payload> payloads) {
    return payloads.stream().map(this::encrypt).toList();
  }

  @Override
  public List<Payload> decode(List<Payload> payloads) {
    return payloads.stream().map(this::decrypt).toList();
  }

  private Payload encrypt(Payload payload) {
    try {
      byte[] iv = new byte[IV_BYTES];
      random.nextBytes(iv);
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, iv));
      cipher.updateAAD(keyId.getBytes(StandardCharsets.UTF_8));
      byte[] sealed = cipher.doFinal(payload.toByteArray());
      return Payload.newBuilder()
          .putMetadata(METADATA_ENCODING, ENCODING_BYTES)
          .putMetadata(METADATA_KEY_ID, ByteString.copyFromUtf8(keyId))
          .setData(ByteString.copyFrom(iv).concat(ByteString.copyFrom(sealed)))
          .build();
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException("cannot encrypt a payload", e);
    }
  }

  private Payload decrypt(Payload payload) {
    if (!ENCODING_BYTES.equals(payload.getMetadataMap().get(METADATA_ENCODING))) {
      return payload;
    }
    ByteString id = payload.getMetadataMap().get(METADATA_KEY_ID);
    String payloadKeyId = id == null ? "" : id.toStringUtf8();
    if (!keyId.equals(payloadKeyId)) {
      throw new PayloadCodecException(
          "payload encrypted with key '"
              + payloadKeyId
              + "', this process holds key '"
              + keyId
              + "'");
    }
    byte[] data = payload.getData().toByteArray();
    if (data.length < IV_BYTES) {
      throw new PayloadCodecException("encrypted payload too short");
    }
    try {
      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, data, 0, IV_BYTES));
      cipher.updateAAD(payloadKeyId.getBytes(StandardCharsets.UTF_8));
      byte[] plain = cipher.doFinal(data, IV_BYTES, data.length - IV_BYTES);
      return Payload.parseFrom(plain);
    } catch (GeneralSecurityException e) {
      throw new PayloadCodecException(
          "cannot decrypt a payload with key '" + keyId + "' (wrong key?)", e);
    } catch (InvalidProtocolBufferException e) {
      throw new PayloadCodecException("decrypted payload is not a payload", e);
    }
  }
}
