package io.modelgate.policy.binding;

import io.modelgate.policy.ObjectPath;
import com.fasterxml.jackson.annotation.JsonAnySetter;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.modelgate.policy.ModelgateOwned;

import java.lang.reflect.Field;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a JSON/YAML tree against the shape of the record it is to become — derived from the record's own
 * properties, as Jackson sees them — before Jackson binds it: every value of the wrong kind is reported with
 * its path and taken out, so binding cannot fail and all problems are reported at once, as field constraints
 * then add theirs. It also brings the tree to its canonical spelling, remembering the spelling that was
 * written so problems point at what the user wrote: aliases become the property's name ({@code model} →
 * {@code model_name}), a single value given for a list becomes a one-item list, texts are trimmed and blank
 * ones taken as absent. Unknown keys are refused under {@link ModelgateOwned} objects and otherwise listed as
 * ignored (LiteLLM knows keys Modelgate has no use for); the keys of a record with a {@link JsonAnySetter} are
 * its own, and must be plain values.
 */
final class TreeShape {

    /** A place in the tree: its canonical path, and the path as the input spelt it. */
    record Place(ObjectPath canonical, ObjectPath written) {
        Place key(String canonicalKey, String writtenKey) {
            return new Place(canonical.key(canonicalKey), written.key(writtenKey));
        }

        Place index(int canonicalIndex, int writtenIndex) {
            return new Place(canonical.index(canonicalIndex), written.index(writtenIndex));
        }

        /** The first item of a list that was written as a single value. */
        Place firstOfSingle() {
            return new Place(canonical.index(0), written);
        }
    }

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectMapper mapper;
    /** Problems found here, by the path as written (a value taken out has no canonical place). */
    final Map<ObjectPath, String> problems = new LinkedHashMap<>();
    /** Paths of values taken out: field constraints have nothing more to say about them. */
    final List<ObjectPath> removed = new ArrayList<>();
    /** Canonical paths whose written spelling differs. */
    final Map<ObjectPath, ObjectPath> written = new HashMap<>();
    /** Unknown keys accepted and not used, as written. */
    final List<ObjectPath> ignored = new ArrayList<>();

    TreeShape(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /** The canonical form of {@code node} as a {@code type}, or null when there is nothing (usable) there. */
    JsonNode check(JsonNode node, JavaType type, Place at) {
        if (!at.canonical().equals(at.written())) {
            written.put(at.canonical(), at.written());
        }
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        Class<?> raw = type.getRawClass();
        if (type.isCollectionLikeType()) {
            return list(node, type.getContentType(), at);
        }
        if (type.isMapLikeType()) {
            return map(node, type.getContentType(), at);
        }
        if (raw == String.class) {
            if (!node.isValueNode()) {
                return refuse(at, "must be a single value");
            }
            String text = node.asText().trim();
            return text.isEmpty() ? null : TextNode.valueOf(text);
        }
        if (raw == Boolean.class || raw == boolean.class) {
            if (node.isBoolean()) {
                return node;
            }
            if (node.isTextual() && (node.asText().equalsIgnoreCase("true") || node.asText().equalsIgnoreCase("false"))) {
                return BooleanNode.valueOf(Boolean.parseBoolean(node.asText().toLowerCase()));
            }
            return refuse(at, "must be true or false");
        }
        if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
            boolean fits = raw == Integer.class || raw == int.class ? node.canConvertToInt() : node.canConvertToLong();
            return node.isIntegralNumber() && fits ? node : refuse(at, "must be a whole number");
        }
        if (raw == Double.class || raw == double.class || raw == BigDecimal.class) {
            return node.isNumber() ? node : refuse(at, "must be a number");
        }
        if (raw.isEnum()) {
            List<String> names = Arrays.stream(raw.getEnumConstants()).map(c -> mapper.convertValue(c, String.class)).toList();
            String text = node.isValueNode() ? node.asText().trim() : null;
            return names.contains(text) ? TextNode.valueOf(text) : refuse(at, "must be " + alternatives(names));
        }
        if (raw == Object.class) {
            return node.isValueNode() ? node : refuse(at, "must be a single value");
        }
        if (raw.isAnnotationPresent(JsonTypeInfo.class)) {
            return oneOfTypes(node, raw, at);
        }
        return object(node, type, at, null);
    }

    private JsonNode list(JsonNode node, JavaType item, Place at) {
        boolean ofValues = isValue(item.getRawClass());
        if (!node.isArray()) {
            if (ofValues && node.isValueNode()) {
                JsonNode single = check(node, item, at.firstOfSingle());
                return single == null ? refuse(at, "must be a non-empty string") : NODES.arrayNode().add(single);
            }
            return refuse(at, ofValues ? "must be a string or a list of strings" : "must be a list");
        }
        ArrayNode out = NODES.arrayNode();
        for (int i = 0; i < node.size(); i++) {
            Place itemAt = at.index(out.size(), i);
            JsonNode checked = check(node.get(i), item, itemAt);
            if (checked != null) {
                out.add(checked);
            } else if (!problems.containsKey(itemAt.written())) {
                refuse(itemAt, ofValues ? "must be a non-empty string" : "must be a mapping");
            }
        }
        return out;
    }

    private JsonNode map(JsonNode node, JavaType value, Place at) {
        if (!node.isObject()) {
            return refuse(at, "must be a mapping");
        }
        ObjectNode out = NODES.objectNode();
        node.fields().forEachRemaining(field -> {
            JsonNode checked = check(field.getValue(), value, at.key(field.getKey(), field.getKey()));
            if (checked != null) {
                out.set(field.getKey(), checked);
            }
        });
        return out;
    }

    /** An object of one of several records, told apart by a type property ({@code credential_values.type}). */
    private JsonNode oneOfTypes(JsonNode node, Class<?> raw, Place at) {
        if (!node.isObject()) {
            return refuse(at, "must be a mapping");
        }
        JsonTypeInfo info = raw.getAnnotation(JsonTypeInfo.class);
        Map<String, Class<?>> subtypes = new LinkedHashMap<>();
        for (JsonSubTypes.Type subtype : raw.getAnnotation(JsonSubTypes.class).value()) {
            subtypes.put(subtype.name(), subtype.value());
        }
        String property = info.property();
        JsonNode id = node.get(property);
        String name = id == null || id.isNull() ? null : id.asText().trim();
        Class<?> target = name == null ? info.defaultImpl() : subtypes.get(name);
        if (target == null || id != null && !id.isValueNode()) {
            problems.put(at.written().key(property), "must be " + alternatives(List.copyOf(subtypes.keySet())));
            removed.add(at.canonical());
            return null;
        }
        ObjectNode checked = (ObjectNode) object(node, mapper.constructType(target), at, property);
        if (checked != null && name != null) {
            checked.put(property, name);
        }
        return checked;
    }

    private JsonNode object(JsonNode node, JavaType type, Place at, String typeProperty) {
        if (!node.isObject()) {
            return refuse(at, "must be a mapping");
        }
        BeanDescription bean = mapper.getDeserializationConfig().introspect(type);
        String anySetter = anySetterName(type.getRawClass());
        Map<String, BeanPropertyDefinition> properties = new LinkedHashMap<>();
        Map<String, String> aliases = new HashMap<>();
        for (BeanPropertyDefinition property : bean.findProperties()) {
            if (property.getInternalName().equals(anySetter)) {
                continue;
            }
            properties.put(property.getName(), property);
            for (PropertyName alias : property.findAliases()) {
                aliases.put(alias.getSimpleName(), property.getName());
            }
        }
        ObjectNode out = NODES.objectNode();
        node.fields().forEachRemaining(field -> {
            String key = field.getKey();
            String name = properties.containsKey(key) ? key : aliases.get(key);
            if (key.equals(typeProperty)) {
                return;
            }
            if (name != null) {
                if (!name.equals(key) && node.has(name)) {
                    return; // the property's own spelling wins over an alias given beside it
                }
                JsonNode checked = check(field.getValue(), properties.get(name).getPrimaryType(), at.key(name, key));
                if (checked != null) {
                    out.set(name, checked);
                }
            } else if (anySetter != null) {
                JsonNode value = field.getValue();
                if (value.isValueNode() && !value.isNull()) {
                    out.set(key, value);
                } else if (!value.isNull()) {
                    refuse(at.key(key, key), "only plain values are supported for parameters Modelgate does not use");
                }
            } else if (type.getRawClass().isAnnotationPresent(ModelgateOwned.class)) {
                refuse(at.key(key, key), "is not a key Modelgate knows here; it knows " + String.join(", ", properties.keySet()));
            } else {
                ignored.add(at.written().key(key));
            }
        });
        return out;
    }

    private JsonNode refuse(Place at, String message) {
        problems.putIfAbsent(at.written(), message);
        removed.add(at.canonical());
        return null;
    }

    private static boolean isValue(Class<?> type) {
        return type == String.class || type.isEnum() || Number.class.isAssignableFrom(type) || type == Boolean.class;
    }

    /** The record component that collects unknown keys, if any. */
    private static String anySetterName(Class<?> type) {
        for (Field field : type.getDeclaredFields()) {
            if (field.isAnnotationPresent(JsonAnySetter.class)) {
                return field.getName();
            }
        }
        return null;
    }

    static String alternatives(List<String> names) {
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " or " + names.get(names.size() - 1);
    }

    /** Whether a problem at {@code path} is about a value already reported and taken out. */
    boolean isRemoved(ObjectPath path) {
        return removed.stream().anyMatch(path::startsWith);
    }
}
