package io.modelgate.policy.binding;

import io.modelgate.policy.ObjectPath;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import io.modelgate.secret.SecretRules;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.ValidatorFactory;
import org.hibernate.validator.HibernateValidatorFactory;

/**
 * Reads JSON or YAML trees into the policy's records, reporting every problem with its path: first the tree's
 * shape against the record's ({@link TreeShape}), then Jackson binds what is left, then Hibernate Validator
 * checks each field's constraints — with the {@link SecretRules} of the caller, which decide whether a typed
 * secret is acceptable. Nothing is thrown; the caller adds its own rules and decides.
 */
public final class PolicyReader {

    private static final PropertyNamingStrategies.NamingBase SNAKE_CASE = (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private final ValidatorFactory validators;

    public PolicyReader(ValidatorFactory validators) {
        this.validators = validators;
    }

    /**
     * @param rootLabel how a problem with the whole input is named: {@code (file)}, {@code (body)}
     */
    public <T> PolicyInput<T> read(JsonNode input, Class<T> type, SecretRules secrets, String rootLabel) {
        TreeShape shape = new TreeShape(PolicyJson.MAPPER);
        TreeShape.Place root = new TreeShape.Place(ObjectPath.ROOT, ObjectPath.ROOT);
        JsonNode tree = input == null || input.isNull() || input.isMissingNode() ? null
                : shape.check(input, PolicyJson.MAPPER.constructType(type), root);
        if (tree == null) {
            shape.problems.putIfAbsent(ObjectPath.ROOT, "must be a JSON object");
            return new PolicyInput<>(null, input, rootLabel, shape);
        }
        T value;
        try {
            value = PolicyJson.MAPPER.treeToValue(tree, type);
        } catch (JsonMappingException e) { // a shape the check let through: reported, never thrown at the caller
            shape.problems.putIfAbsent(path(e), "cannot be read: " + e.getOriginalMessage());
            return new PolicyInput<>(null, input, rootLabel, shape);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        PolicyInput<T> read = new PolicyInput<>(value, input, rootLabel, shape);
        var validator = validators.unwrap(HibernateValidatorFactory.class).usingContext().constraintValidatorPayload(secrets).getValidator();
        for (ConstraintViolation<T> violation : validator.validate(value)) {
            read.problem(path(violation.getPropertyPath()), violation.getMessage());
        }
        return read;
    }

    /** A validation path with the JSON names of the records' components. */
    static ObjectPath path(Path path) {
        ObjectPath result = ObjectPath.ROOT;
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                if (node.getIndex() != null) {
                    result = result.index(node.getIndex());
                } else if (node.getKey() != null) {
                    result = result.key(String.valueOf(node.getKey()));
                }
            }
            if (node.getName() != null && node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getKind() != ElementKind.BEAN) {
                result = result.key(SNAKE_CASE.translate(node.getName()));
            }
        }
        return result;
    }

    private static ObjectPath path(JsonMappingException e) {
        ObjectPath result = ObjectPath.ROOT;
        for (JsonMappingException.Reference reference : e.getPath()) {
            result = reference.getFieldName() != null ? result.key(reference.getFieldName()) : result.index(reference.getIndex());
        }
        return result;
    }
}
