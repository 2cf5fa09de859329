package io.modelgate.ui;

import io.modelgate.control.Actor;
import io.modelgate.control.PolicyConflictException;
import io.modelgate.control.PolicyService;
import io.modelgate.control.PolicyService.Change;
import io.modelgate.policy.PolicyValidationException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * How a form's save went, as the page shows it: the status to answer with, a notice or an error, and
 * messages placed next to the form fields they concern. Problems the form has no field for are listed
 * in the error itself, so none is hidden.
 */
public record FormResult(int status, String notice, String error, Map<String, String> fieldErrors) {

    static final String STALE = "Someone else changed this since you opened the page. Nothing was saved; what you entered "
            + "is still shown. Reload the page to see their version, then make your change again.";

    public static FormResult shown() {
        return new FormResult(200, null, null, Map.of());
    }

    public boolean saved() {
        return status == 200 && error == null;
    }

    /** A form refused before reaching the policy, for problems found in the form itself. */
    public static FormResult refused(Map<String, String> fieldErrors) {
        return new FormResult(400, null, "Not saved: check the fields marked below.", Map.copyOf(fieldErrors));
    }

    /**
     * Applies {@code change} through the policy service and describes the outcome. {@code fieldOf} names
     * the form field a problem's policy field belongs to, or empty when the form has none.
     */
    public static FormResult apply(PolicyService service, Actor actor, Supplier<Change<?>> change, String done,
            Function<String, Optional<String>> fieldOf) {
        try {
            service.apply(actor, change.get());
            return new FormResult(200, done, null, Map.of());
        } catch (PolicyConflictException.Stale e) {
            return new FormResult(409, null, STALE, Map.of());
        } catch (PolicyConflictException e) {
            return new FormResult(409, null, e.getMessage() + " Nothing was saved.", Map.of());
        } catch (PolicyValidationException e) {
            return invalid(e, fieldOf);
        }
    }

    static FormResult invalid(PolicyValidationException e, Function<String, Optional<String>> fieldOf) {
        Map<String, String> fields = new LinkedHashMap<>();
        List<String> elsewhere = new ArrayList<>();
        e.problems().forEach(p -> fieldOf.apply(p.field()).ifPresentOrElse(
                field -> fields.merge(field, p.message(), (a, b) -> a + "; " + b),
                () -> elsewhere.add(p.field() + ": " + p.message())));
        String error = elsewhere.isEmpty() ? "Not saved: check the fields marked below."
                : "Not saved: " + String.join("; ", elsewhere) + (fields.isEmpty() ? "" : ". Check the fields marked below too.");
        return new FormResult(400, null, error, fields);
    }
}
