package io.modelgate.identity;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import org.eclipse.microprofile.jwt.JsonWebToken;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A verified token's claims as plain Java values (strings, numbers, lists, maps), as the role reader expects. */
public final class Claims {

    private Claims() {
    }

    /** Every claim but the raw token Quarkus adds; JSON nulls are left out. */
    public static Map<String, Object> of(JsonWebToken jwt) {
        Map<String, Object> claims = new HashMap<>();
        for (String name : jwt.getClaimNames()) {
            Object value = plain(jwt.getClaim(name));
            if (!"raw_token".equals(name) && value != null) {
                claims.put(name, value);
            }
        }
        return claims;
    }

    /** A claim value with JSON-P types turned into plain ones. */
    public static Object plain(Object value) {
        if (value instanceof JsonString s) {
            return s.getString();
        }
        if (value instanceof JsonArray array) {
            List<Object> list = new ArrayList<>(array.size());
            array.forEach(item -> list.add(plain(item)));
            return list;
        }
        if (value instanceof JsonObject object) {
            Map<String, Object> map = new LinkedHashMap<>();
            object.forEach((key, item) -> map.put(key, plain(item)));
            return map;
        }
        if (value instanceof JsonValue json) {
            return json.getValueType() == JsonValue.ValueType.NULL ? null : json.toString();
        }
        return value;
    }
}
