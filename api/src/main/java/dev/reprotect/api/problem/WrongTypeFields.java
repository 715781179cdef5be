package dev.reprotect.api.problem;

import io.micronaut.core.beans.BeanIntrospection;
import io.micronaut.core.beans.BeanIntrospector;
import io.micronaut.core.beans.BeanProperty;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.body.AvailableByteBody;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.web.router.RouteAttributes;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Names the fields of a JSON body whose values have the wrong type. Serde's decoding error says
 * only which token it did not expect, so the body is read again as a tree and compared with the
 * route's body type: a text property must hold a string (or null), a boolean a boolean, a number a
 * number.
 */
@Singleton
public class WrongTypeFields {

  private final JsonMapper json;

  public WrongTypeFields(JsonMapper json) {
    this.json = json;
  }

  /** The offending fields, or empty when the body or its type cannot be read. */
  public List<String> find(HttpRequest<?> request) {
    return find(request, rawBody(request));
  }

  /** The offending fields of {@code body} for the request's route, or empty when unreadable. */
  public List<String> find(HttpRequest<?> request, Optional<String> body) {
    try {
      Optional<Argument<?>> bodyType =
          RouteAttributes.getRouteMatch(request)
              .flatMap(match -> match.getRouteInfo().getBodyArgument());
      if (bodyType.isEmpty() || body.isEmpty()) {
        return List.of();
      }
      Optional<? extends BeanIntrospection<?>> introspection =
          BeanIntrospector.SHARED.findIntrospection(bodyType.get().getType());
      if (introspection.isEmpty()) {
        return List.of();
      }
      JsonNode tree = json.readValue(body.get(), JsonNode.class);
      if (tree == null || !tree.isObject()) {
        return List.of();
      }
      List<String> wrong = new ArrayList<>();
      collect(introspection.get(), tree, "", wrong);
      return wrong;
    } catch (Exception unreadable) {
      return List.of();
    }
  }

  /** Compares an object node with a bean's properties, descending into lists of beans. */
  private static void collect(
      BeanIntrospection<?> bean, JsonNode tree, String prefix, List<String> wrong) {
    for (Map.Entry<String, JsonNode> entry : tree.entries()) {
      Optional<? extends BeanProperty<?, Object>> property = bean.getProperty(entry.getKey());
      if (property.isEmpty()) {
        continue;
      }
      String name = prefix + entry.getKey();
      JsonNode value = entry.getValue();
      Class<?> type = property.get().getType();
      if (!fits(type, value)) {
        wrong.add(name);
      } else if (java.util.Collection.class.isAssignableFrom(type) && value.isArray()) {
        Argument<?>[] parameters = property.get().asArgument().getTypeParameters();
        Optional<? extends BeanIntrospection<?>> element =
            parameters.length == 1
                ? BeanIntrospector.SHARED.findIntrospection(parameters[0].getType())
                : Optional.empty();
        int i = 0;
        for (JsonNode item : value.values()) {
          if (element.isPresent() && item.isObject()) {
            collect(element.get(), item, name + "[" + i + "].", wrong);
          } else if (element.isPresent() && !item.isNull()) {
            wrong.add(name + "[" + i + "]");
          }
          i++;
        }
      }
    }
  }

  /** The request's bytes when the server holds them all (a JSON body it has read). */
  private static Optional<String> rawBody(HttpRequest<?> request) {
    if (request instanceof ServerHttpRequest<?> server
        && server.byteBody() instanceof AvailableByteBody available) {
      try (CloseableAvailableByteBody copy = available.split()) {
        return Optional.of(copy.toString(StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static boolean fits(Class<?> type, JsonNode value) {
    if (value.isNull() || type == Object.class) {
      return true;
    }
    if (type == String.class || type.isEnum()) {
      return value.isString();
    }
    if (java.util.Collection.class.isAssignableFrom(type)) {
      return value.isArray();
    }
    if (type == boolean.class || type == Boolean.class) {
      return value.isBoolean();
    }
    if (Number.class.isAssignableFrom(type) || (type.isPrimitive() && type != boolean.class)) {
      return value.isNumber();
    }
    return true;
  }
}
