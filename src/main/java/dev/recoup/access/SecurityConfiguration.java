package dev.recoup.access;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.AuthorizeHttpRequestsConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.authentication.www.BasicAuthenticationFilter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Two doors, one rulebook. People sign in with a form and a session (CSRF on every state-changing
 * page); systems call {@code /api/**} with HTTP Basic or an API token, without a session. Both go
 * through {@link #rules}, which ends in deny-all: a path no rule names is refused.
 */
@Configuration(proxyBeanMethods = false)
@org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication
class SecurityConfiguration {

  private static final String[] WRITERS = {"COLLECTOR", "LEAD", "MANAGER", "ADMIN", "SYSTEM"};
  private static final String[] PEOPLE = {"COLLECTOR", "LEAD", "MANAGER", "ADMIN", "AUDITOR"};
  private static final String[] READERS = {
    "COLLECTOR", "LEAD", "MANAGER", "ADMIN", "AUDITOR", "SYSTEM"
  };

  /** Disputes and cases are also worked by resolvers (billing, sales, support). */
  private static final String[] INTAKE_READERS = {"LEAD", "MANAGER", "ADMIN", "AUDITOR", "SYSTEM"};

  private static final String[] INTAKE_WRITERS = {"LEAD", "MANAGER", "ADMIN", "SYSTEM"};

  private static final String[] DISPUTE_READERS = {
    "COLLECTOR", "LEAD", "MANAGER", "ADMIN", "AUDITOR", "SYSTEM", "RESOLVER"
  };

  private static final String[] DISPUTE_WRITERS = {
    "COLLECTOR", "LEAD", "MANAGER", "ADMIN", "SYSTEM", "RESOLVER"
  };

  @Bean
  UserDetailsService userDetailsService(Users users, LoginThrottle throttle) {
    return username -> {
      User u =
          users
              .byUsername(username)
              .filter(User::enabled)
              .orElseThrow(() -> new UsernameNotFoundException("unknown user"));
      String hash =
          users
              .passwordHashOf(username)
              .orElseThrow(() -> new UsernameNotFoundException("token-only user"));
      return org.springframework.security.core.userdetails.User.withUsername(u.username())
          .password(hash)
          .authorities(u.role().authority())
          .accountLocked(throttle.isLocked(username))
          .build();
    };
  }

  @Bean
  @Order(1)
  SecurityFilterChain api(HttpSecurity http, ApiTokens tokens, Users users) throws Exception {
    http.securityMatcher("/api/**")
        .csrf(c -> c.disable()) // no cookies on this door: Basic or token on every call
        .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
        .httpBasic(Customizer.withDefaults())
        .addFilterBefore(new TokenFilter(tokens, users), BasicAuthenticationFilter.class)
        .authorizeHttpRequests(SecurityConfiguration::rules);
    return http.build();
  }

  @Bean
  @Order(2)
  SecurityFilterChain pages(HttpSecurity http) throws Exception {
    http.formLogin(f -> f.loginPage("/login").defaultSuccessUrl("/", false).permitAll())
        .logout(l -> l.logoutUrl("/logout").logoutSuccessUrl("/login?logout"))
        .httpBasic(Customizer.withDefaults())
        .headers(
            h ->
                h.contentSecurityPolicy(
                    c ->
                        c.policyDirectives(
                            "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; frame-ancestors 'none'")))
        .authorizeHttpRequests(SecurityConfiguration::rules);
    return http.build();
  }

  /** The whole authorization rulebook, in one place, ending in deny-all. */
  static void rules(
      AuthorizeHttpRequestsConfigurer<HttpSecurity>.AuthorizationManagerRequestMatcherRegistry a) {
    a.requestMatchers(
            "/login",
            "/css/**",
            "/js/**",
            "/webjars/**",
            "/favicon.ico",
            "/error",
            "/actuator/health")
        .permitAll()
        // API: users and tokens are the admin's; the manager may read who is in the team.
        .requestMatchers(HttpMethod.GET, "/api/v1/users", "/api/v1/users/**")
        .hasAnyRole("ADMIN", "MANAGER")
        .requestMatchers("/api/v1/users", "/api/v1/users/**")
        .hasRole("ADMIN")
        .requestMatchers(HttpMethod.GET, "/api/v1/audit", "/api/v1/audit/**")
        .hasAnyRole("ADMIN", "MANAGER", "AUDITOR", "LEAD")
        .requestMatchers(HttpMethod.GET, "/api/v1/outbox", "/api/v1/outbox/**")
        .hasAnyRole("LEAD", "MANAGER", "ADMIN", "AUDITOR")
        .requestMatchers("/api/v1/outbox", "/api/v1/outbox/**")
        .hasAnyRole("LEAD", "MANAGER", "ADMIN")
        .requestMatchers(HttpMethod.GET, "/api/v1/disputes", "/api/v1/disputes/**")
        .hasAnyRole(DISPUTE_READERS)
        .requestMatchers(HttpMethod.GET, "/api/v1/cases", "/api/v1/cases/**")
        .hasAnyRole(DISPUTE_READERS)
        .requestMatchers("/api/v1/disputes", "/api/v1/disputes/**", "/api/v1/cases/**")
        .hasAnyRole(DISPUTE_WRITERS)
        .requestMatchers("/api/v1/cases")
        .hasAnyRole(DISPUTE_WRITERS)
        // Intake: ERP files and single-record upserts are the integration's (a system token), the
        // admin's and the lead's or manager's; an auditor reads the reports.
        .requestMatchers(HttpMethod.GET, "/api/v1/imports", "/api/v1/imports/**")
        .hasAnyRole(INTAKE_READERS)
        .requestMatchers("/api/v1/imports", "/api/v1/imports/**")
        .hasAnyRole(INTAKE_WRITERS)
        .requestMatchers(
            HttpMethod.PUT,
            "/api/v1/accounts/*",
            "/api/v1/contacts/*",
            "/api/v1/invoices/*",
            "/api/v1/payments/*",
            "/api/v1/credit-memos/*",
            "/api/v1/applications/*")
        .hasAnyRole(INTAKE_WRITERS)
        .requestMatchers(HttpMethod.GET, "/api/v1/**")
        .hasAnyRole(READERS)
        .requestMatchers(HttpMethod.POST, "/api/v1/**")
        .hasAnyRole(WRITERS)
        .requestMatchers(HttpMethod.PUT, "/api/v1/**")
        .hasAnyRole(WRITERS)
        .requestMatchers(HttpMethod.PATCH, "/api/v1/**")
        .hasAnyRole(WRITERS)
        .requestMatchers(HttpMethod.DELETE, "/api/v1/**")
        .hasAnyRole(WRITERS)
        .requestMatchers("/v3/api-docs", "/v3/api-docs/**", "/swagger-ui.html", "/swagger-ui/**")
        .authenticated()
        // Pages: people read; everyone but the auditor acts (the domain then checks the portfolio).
        .requestMatchers(HttpMethod.GET, "/users", "/users/**")
        .hasAnyRole("ADMIN", "MANAGER")
        .requestMatchers("/users", "/users/**")
        .hasRole("ADMIN")
        .requestMatchers(HttpMethod.GET, "/audit", "/audit/**")
        .hasAnyRole("ADMIN", "MANAGER", "AUDITOR", "LEAD")
        .requestMatchers(HttpMethod.GET, "/outbox", "/outbox/**", "/escalations")
        .hasAnyRole("LEAD", "MANAGER", "ADMIN", "AUDITOR")
        .requestMatchers(HttpMethod.POST, "/outbox/**", "/escalations/**")
        .hasAnyRole("LEAD", "MANAGER", "ADMIN")
        // Disputes and cases: resolvers work those routed to them (the domain checks which).
        // Imports and the ERP reconciliation: the lead, the manager and the admin; the auditor
        // reads.
        .requestMatchers(
            HttpMethod.GET, "/imports", "/imports/**", "/reconciliation", "/reconciliation/**")
        .hasAnyRole("LEAD", "MANAGER", "ADMIN", "AUDITOR")
        .requestMatchers(HttpMethod.POST, "/imports/**", "/reconciliation/**")
        .hasAnyRole("LEAD", "MANAGER", "ADMIN")
        .requestMatchers(HttpMethod.GET, "/disputes", "/disputes/**", "/cases", "/cases/**")
        .hasAnyRole("COLLECTOR", "LEAD", "MANAGER", "ADMIN", "AUDITOR", "RESOLVER")
        .requestMatchers(HttpMethod.POST, "/disputes/**", "/cases/**")
        .hasAnyRole("COLLECTOR", "LEAD", "MANAGER", "ADMIN", "RESOLVER")
        // Home sends a resolver on to its disputes.
        .requestMatchers(HttpMethod.GET, "/")
        .hasAnyRole("COLLECTOR", "LEAD", "MANAGER", "ADMIN", "AUDITOR", "RESOLVER")
        .requestMatchers(
            HttpMethod.GET,
            "/accounts",
            "/accounts/**",
            "/worklist",
            "/team",
            "/promises",
            "/promises/**",
            "/plans",
            "/plans/**",
            "/refunds",
            "/refunds/**",
            "/dunning",
            "/dunning/**",
            "/approvals",
            "/approvals/**",
            "/suspensions",
            "/suspensions/**",
            "/cash",
            "/cash/**",
            "/exports/**")
        .hasAnyRole(PEOPLE)
        .requestMatchers(
            HttpMethod.POST,
            "/accounts/**",
            "/team/**",
            "/promises/**",
            "/plans/**",
            "/refunds/**",
            "/dunning/**",
            "/approvals/**",
            "/suspensions/**",
            "/cash/**")
        .hasAnyRole("COLLECTOR", "LEAD", "MANAGER", "ADMIN")
        .requestMatchers(HttpMethod.POST, "/logout")
        .authenticated()
        .anyRequest()
        .denyAll();
  }

  /** {@code Authorization: Bearer rcp_...}: a system's API token, looked up by its digest. */
  static final class TokenFilter extends OncePerRequestFilter {
    private final ApiTokens tokens;
    private final Users users;

    TokenFilter(ApiTokens tokens, Users users) {
      this.tokens = tokens;
      this.users = users;
    }

    @Override
    protected void doFilterInternal(
        HttpServletRequest request, HttpServletResponse response, FilterChain chain)
        throws ServletException, IOException {
      String header = request.getHeader("Authorization");
      if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
        Optional<User> user =
            tokens.usernameFor(header.substring(7).trim()).flatMap(users::byUsername);
        if (user.isEmpty()) {
          response.setHeader("WWW-Authenticate", "Bearer error=\"invalid_token\"");
          response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "Invalid or revoked API token");
          return;
        }
        var auth =
            UsernamePasswordAuthenticationToken.authenticated(
                user.get().username(),
                null,
                List.of(new SimpleGrantedAuthority(user.get().role().authority())));
        SecurityContextHolder.getContext().setAuthentication(auth);
      }
      chain.doFilter(request, response);
    }
  }
}
