package io.modelgate.policy;

import io.quarkus.runtime.annotations.RegisterForReflection;
import org.junit.jupiter.api.Test;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * What Jackson binds in the policy must be registered for reflection, or a native executable binds it otherwise
 * than the JVM does (an enum by its constant names: LiteLLM's lower-case {@code model_info.mode} was refused). Every
 * record and enum of Modelgate's that a registered record holds is registered too.
 */
class PolicyReflectionTest {

    @Test
    void everyPolicyTypeJacksonReachesIsRegistered() {
        Set<Class<?>> registered = Set.of(PolicyReflection.class.getAnnotation(RegisterForReflection.class).targets());
        Set<String> missing = new TreeSet<>();
        Deque<Class<?>> toVisit = new ArrayDeque<>(registered);
        Set<Class<?>> seen = new HashSet<>();
        while (!toVisit.isEmpty()) {
            Class<?> type = toVisit.pop();
            if (!seen.add(type) || !type.isRecord()) {
                continue;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                for (Class<?> held : classesIn(component.getGenericType())) {
                    if (held.getName().startsWith("io.modelgate.") && (held.isRecord() || held.isEnum())) {
                        if (!registered.contains(held)) {
                            missing.add(held.getName() + " (in " + type.getSimpleName() + "." + component.getName() + ")");
                        }
                        toVisit.push(held);
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "add these to PolicyReflection");
    }

    private static Set<Class<?>> classesIn(Type type) {
        Set<Class<?>> classes = new HashSet<>();
        if (type instanceof Class<?> plain) {
            classes.add(plain);
        } else if (type instanceof ParameterizedType parameterized) {
            classes.addAll(classesIn(parameterized.getRawType()));
            for (Type argument : parameterized.getActualTypeArguments()) {
                classes.addAll(classesIn(argument));
            }
        }
        return classes;
    }
}
