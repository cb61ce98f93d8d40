import { ApiObject, ApiObjectProps } from 'cdk8s';
import { Construct } from 'constructs';
import { renderPlainManifest } from './plain-manifest';
import { RenderScope } from './render-scope';

/**
 * The ApiObject our constructs create. Its manifest is the one cdk8s renders, got faster:
 * - once per synth request ({@link RenderScope}), shared by the validation that reads it and the
 *   writer that writes it (outside a request, afresh on every call, as any ApiObject);
 * - in one walk when it holds plain JSON ({@link renderPlainManifest}), else by cdk8s itself.
 * The public type of the objects stays `ApiObject`.
 */
export class RenderedApiObject extends ApiObject {
  private readonly renderedProps: ApiObjectProps;

  public constructor(scope: Construct, id: string, props: ApiObjectProps) {
    super(scope, id, props);
    this.renderedProps = props;
  }

  public toJson(): any {
    const scope = RenderScope.current();
    return scope ? scope.manifestOf(this, () => this.render()) : this.render();
  }

  private render(): any {
    return renderPlainManifest(this, this.renderedProps) ?? super.toJson();
  }
}
