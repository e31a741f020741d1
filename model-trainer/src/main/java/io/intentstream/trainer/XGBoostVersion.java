package io.intentstream.trainer;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The version of the XGBoost library that trained a booster. XGBoost4J has no Java call for it, but the
 * native library writes its own version ({@code XGBOOST_VER_MAJOR/MINOR/PATCH}) as the top-level
 * {@code "version": [major, minor, patch]} of every JSON model it saves; reading it there gives the version
 * that really ran, not the one a build file or a constant claims.
 */
final class XGBoostVersion {
    private static final JsonFactory JSON = new JsonFactory();

    private XGBoostVersion() {}

    /** {@code "2.1.4"} for a booster saved by XGBoost 2.1.4. */
    static String of(byte[] boosterJson) {
        try (JsonParser p = JSON.createParser(boosterJson)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("the booster is not a JSON object");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.getCurrentName();
                JsonToken value = p.nextToken();
                if (field.equals("version")) {
                    return version(p, value);
                }
                // The trees ("learner") come first and are most of the model: skipped, not parsed into a tree.
                p.skipChildren();
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("the booster JSON cannot be read: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("the booster JSON has no top-level \"version\" written by XGBoost");
    }

    private static String version(JsonParser p, JsonToken value) throws IOException {
        List<String> parts = new ArrayList<>();
        if (value == JsonToken.START_ARRAY) {
            while (p.nextToken() == JsonToken.VALUE_NUMBER_INT) {
                parts.add(Integer.toString(p.getIntValue()));
            }
        }
        if (parts.size() != 3 || p.currentToken() != JsonToken.END_ARRAY) {
            throw new IllegalArgumentException("the booster's \"version\" is not [major, minor, patch]");
        }
        return String.join(".", parts);
    }
}
