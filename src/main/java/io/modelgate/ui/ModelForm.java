package io.modelgate.ui;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.modelgate.policy.ModelMode;
import io.modelgate.policy.Provider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The model form: a model's name, description and tags, and its deployments as rows. Pure: it reads the
 * stored model (the admin API's LiteLLM shape) or a submitted form, and builds the body the policy
 * service validates. Form fields are named like the body's ({@code deployments[1].api_base}) so the
 * policy's problems land next to the right field.
 *
 * <p>Without JavaScript the form always has one spare, empty row to add a deployment; "add another"
 * re-renders the form with one more. Rows remember the stored deployment they came from ({@code from}),
 * which is how an untouched write-only {@code api_key} is kept.
 */
public record ModelForm(String name, String description, String tags, String mode, List<Row> rows) {

    /** The modes the form offers (LiteLLM's {@code model_info.mode}); none: whatever the upstreams speak. */
    public List<String> modes() {
        return Arrays.stream(ModelMode.values()).map(ModelMode::configName).toList();
    }

    /** The form's fields for a deployment; {@code params} holds every other parameter as {@code name: value} lines. */
    static final Set<String> ROW_FIELDS = Set.of("model", "api_base", "api_key", "litellm_credential_name", "api_version", "weight");

    private static final Pattern ROW_FIELD = Pattern.compile("deployments\\[(\\d+)]\\.([a-z_]+)");

    /**
     * One deployment row. {@code from} is the stored deployment's index, or -1 for a new row; {@code newKey}
     * is a key typed into the write-only field, which pages never render.
     */
    public record Row(int from, String provider, String upstreamModel, String apiBase, String apiVersion, String credential,
            String weight, String params, String keyStatus, String newKey, boolean clearKey, boolean remove) {

        static Row blank() {
            return new Row(-1, Provider.OPENAI.prefix(), "", "", "", "", "1", "", SecretField.describe(Optional.empty()), "", false, false);
        }


        boolean isBlank() {
            return from < 0 && upstreamModel.isBlank() && apiBase.isBlank() && params.isBlank() && newKey.isBlank();
        }
    }

    public static ModelForm empty() {
        return new ModelForm("", "", "", "", List.of(Row.blank()));
    }

    /** The form for a stored model, with a spare row for a new deployment. */
    public static ModelForm of(JsonNode model) {
        List<Row> rows = new ArrayList<>();
        JsonNode deployments = model.path("deployments");
        for (int i = 0; i < deployments.size(); i++) {
            JsonNode d = deployments.get(i);
            String target = d.path("model").asText();
            int slash = target.indexOf('/');
            rows.add(new Row(i, slash > 0 ? target.substring(0, slash) : Provider.OPENAI.prefix(), target.substring(slash + 1),
                    text(d, "api_base"), text(d, "api_version"), text(d, "litellm_credential_name"), text(d, "weight"),
                    KeyValueLines.format(d, ROW_FIELDS), SecretField.describe(optional(d, "api_key")), "", false, false));
        }
        rows.add(Row.blank());
        List<String> tags = new ArrayList<>();
        model.path("tags").forEach(t -> tags.add(t.asText()));
        return new ModelForm(model.path("model_name").asText(), text(model, "description"), String.join(", ", tags), text(model, "mode"),
                rows);
    }

    /**
     * The form as submitted. Rows' key statuses come from {@code stored} (the model as it is now, if any),
     * since a typed key is never shown again.
     */
    public static ModelForm submitted(Map<String, List<String>> form, Optional<JsonNode> stored) {
        int count = Math.min(parseInt(FormFields.first(form, "rows"), 1), 100);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String p = rowField(i, "");
            int from = parseInt(FormFields.first(form, p + "from"), -1);
            rows.add(new Row(from, Optional.ofNullable(FormFields.first(form, p + "provider")).orElse(Provider.OPENAI.prefix()),
                    trimmed(FormFields.first(form, p + "upstream_model")), trimmed(FormFields.first(form, p + "api_base")), trimmed(FormFields.first(form, p + "api_version")),
                    trimmed(FormFields.first(form, p + "litellm_credential_name")), trimmed(FormFields.first(form, p + "weight")),
                    Optional.ofNullable(FormFields.first(form, p + "params")).orElse(""), SecretField.describe(storedKey(stored, from)),
                    Optional.ofNullable(FormFields.first(form, p + "api_key")).orElse(""), FormFields.first(form, p + "clear_api_key") != null,
                    FormFields.first(form, p + "remove") != null));
        }
        return new ModelForm(trimmed(FormFields.first(form, "model_name")), trimmed(FormFields.first(form, "description")),
                trimmed(FormFields.first(form, "tags")), trimmed(FormFields.first(form, "mode")), rows);
    }

    /** The same form with one more empty row, for "add another deployment". */
    public ModelForm withSpareRow() {
        List<Row> more = new ArrayList<>(rows);
        more.add(Row.blank());
        return new ModelForm(name, description, tags, mode, more);
    }

    /** What the built body's deployments came from: body index → form row. */
    public record Body(ObjectNode json, List<Integer> rowOfDeployment) {
    }

    /**
     * The model as the policy service takes it. A row's key is the one typed, else the stored
     * deployment's (from {@code stored}, the model as it is now) unless "clear" was ticked.
     *
     * @throws FormProblems for lines of parameters that cannot be read
     */
    public Body body(Optional<JsonNode> stored) {
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        ObjectNode json = nodes.objectNode().put("model_name", name);
        if (!description.isBlank()) {
            json.put("description", description);
        }
        if (!mode.isBlank()) {
            json.put("mode", mode);
        }
        ArrayNode tagList = json.putArray("tags");
        Arrays.stream(tags.split(",")).map(String::trim).filter(t -> !t.isEmpty()).forEach(tagList::add);
        ArrayNode deployments = json.putArray("deployments");
        List<Integer> rowOf = new ArrayList<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (int i = 0; i < rows.size(); i++) {
            Row row = rows.get(i);
            if (row.remove() || row.isBlank()) {
                continue;
            }
            ObjectNode d = nodes.objectNode();
            try {
                KeyValueLines.parseInto(row.params(), d);
            } catch (IllegalArgumentException e) {
                problems.put(rowField(i, "params"), e.getMessage());
            }
            ROW_FIELDS.forEach(d::remove); // the form's own fields win over the same names typed as parameters
            d.put("model", row.provider() + "/" + row.upstreamModel());
            putIfSet(d, "api_base", row.apiBase());
            putIfSet(d, "api_version", row.apiVersion());
            putIfSet(d, "litellm_credential_name", row.credential());
            if (!row.weight().isBlank()) {
                d.set("weight", row.weight().matches("\\d{1,9}") ? nodes.numberNode(Integer.parseInt(row.weight())) : nodes.textNode(row.weight()));
            }
            SecretField.resolve(row.newKey(), row.clearKey(), storedKey(stored, row.from()))
                    .ifPresent(key -> d.put("api_key", key));
            deployments.add(d);
            rowOf.add(i);
        }
        if (!problems.isEmpty()) {
            throw new FormProblems(problems);
        }
        return new Body(json, rowOf);
    }

    /**
     * The form field a policy problem concerns: {@code deployments[2].model} of the body is the upstream
     * model of the form row that deployment came from; parameters without a field of their own belong to
     * the row's parameters box.
     */
    public static Optional<String> fieldOf(String problemField, List<Integer> rowOfDeployment) {
        Matcher m = ROW_FIELD.matcher(problemField);
        if (m.lookingAt()) {
            int index = Integer.parseInt(m.group(1));
            if (index >= rowOfDeployment.size()) {
                return Optional.empty();
            }
            String field = m.group(2);
            return Optional.of(rowField(rowOfDeployment.get(index), switch (field) {
                case "model" -> "upstream_model";
                case "api_base", "api_key", "litellm_credential_name", "api_version", "weight" -> field;
                default -> "params";
            }));
        }
        return switch (problemField) {
            case "model_name", "description", "tags", "mode", "deployments" -> Optional.of(problemField);
            default -> problemField.startsWith("tags") ? Optional.of("tags") : Optional.empty();
        };
    }

    /** The name of a row's form field: {@code deployments[2].api_base}. */
    static String rowField(int row, String field) {
        return "deployments[" + row + "]." + field;
    }

    /** The key reference of stored deployment {@code from} of {@code model}, if the row came from one that has a key. */
    private static Optional<String> storedKey(Optional<JsonNode> model, int from) {
        return from < 0 ? Optional.empty() : model.flatMap(m -> optional(m.path("deployments").path(from), "api_key"));
    }

    private static void putIfSet(ObjectNode node, String name, String value) {
        if (!value.isBlank()) {
            node.put(name, value);
        }
    }

    private static String text(JsonNode node, String field) {
        return node.path(field).isValueNode() ? node.path(field).asText() : "";
    }

    private static Optional<String> optional(JsonNode node, String field) {
        return node.path(field).isTextual() ? Optional.of(node.path(field).asText()) : Optional.empty();
    }

    private static String trimmed(String value) {
        return value == null ? "" : value.trim();
    }

    private static int parseInt(String value, int otherwise) {
        try {
            return value == null ? otherwise : Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            return otherwise;
        }
    }
}
